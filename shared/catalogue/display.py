"""The hall display's own texts (the words common to all apps are in shared.catalogue)."""

from __future__ import annotations

from shared.i18n import Text

TITLE = Text("叫號顯示", "Queue display")
NOW_CALLING = Text("叫號", "Now calling")
CALLING_AGAIN = Text("重叫", "Calling again")
GO = Text("請到", "Please go to")
WELCOME = Text("歡迎光臨", "Welcome")
TAKE_TICKET = Text("請抽號碼牌，等候叫號", "Please take a ticket and wait for your number")
RECENT = Text("最近叫號", "Recent calls")
AGAIN = Text("（重叫）", " (again)")
PEOPLE = Text("人", "people")
RETRYING = Text("會自動重試，請稍候", "Retrying by itself; please wait")
NO_SOUND = Text("無音效裝置", "No sound device")
NEXT_UP_NOTE = Text("下幾號・預估等候分鐘", "Next · est. wait, min")
