"""The hall display: the latest call large, every counter, the recent calls, people
waiting and the office's notices; each call chimed and spoken, one after another."""
