"""The display's fixed texts, Traditional Chinese first and English second."""

from shared.i18n import Texts

TEXTS = Texts({
    "title": ("叫號顯示", "Queue display"),
    "now_calling": ("叫號", "Now calling"),
    "calling_again": ("再次呼叫", "Calling again"),
    "go": ("請到", "Please go to"),
    "welcome": ("歡迎光臨", "Welcome"),
    "take_ticket": ("請抽號碼牌，等候叫號", "Please take a ticket and wait for your number"),
    "clerk": ("服務人員", "Clerk"),
    "paused": ("暫停服務", "Paused"),
    "care": ("愛心櫃台", "Care counter"),
    "recent": ("最近叫號", "Recent calls"),
    "again": ("再次", "again"),
    "waiting": ("等候人數", "Waiting"),
    "people": ("人", "people"),
    "reconnecting": ("連線中斷，重新連線中…", "Reconnecting…"),
    "connecting": ("正在連線到叫號服務…", "Connecting to the queue service…"),
    "retrying": ("會自動重試，請稍候", "Retrying by itself; please wait"),
    "ask_staff": ("請洽管理人員", "Please tell the staff"),
    "no_sound": ("無音效裝置", "No sound device"),
})
