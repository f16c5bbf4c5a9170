"""The texts people read, in Traditional Chinese and English, for every app.

One word for one thing, as Taiwanese household-registration offices say it: 過號 for a
citizen who did not come when called, 重叫 for calling the same number again, 承辦人員
for the clerk at a counter, 管理人員 for whoever administers the system, 請攜帶 for the
documents to bring. The queue's server is 叫號系統 / "queue system" ("service" is only the
citizen's errand, 業務). Words common to the apps are here; each app's own are in its
module (`counter`, `kiosk`, `display`). Placeholders are filled with `Text.format`.
"""

from __future__ import annotations

from shared.i18n import Text

# The things every app names.
COUNTER = Text("{n} 號櫃台", "Counter {n}")
CLERK = Text("承辦人員", "Clerk")
ADMINISTRATOR = Text("管理人員", "administrator")
NO_SHOW = Text("過號", "No-show")
RECALL = Text("重叫", "Recall")
BRING = Text("請攜帶", "Please bring")
PAUSED = Text("暫停服務", "Paused")
WAITING = Text("等候人數", "Waiting")
MINUTES = Text("{m} 分鐘", "{m} min")
CANCEL = Text("取消", "Cancel")
DISMISS = Text("關閉", "Dismiss")

# The connection to the queue system.
CONNECTING = Text("正在連線到叫號系統…", "Connecting to the queue system…")
RECONNECTING = Text("與叫號系統斷線，重新連線中…", "Disconnected from the queue system; reconnecting…")
UNREACHABLE = Text("無法連線到叫號系統", "The queue system cannot be reached")
ASK_ADMINISTRATOR = Text("請洽管理人員", "Please ask the administrator")

# Messages for the error codes of the service's JSON answers (shared.protocol.E_*).
ERRORS: dict[str, Text] = {
    "unreachable": UNREACHABLE,
    "unauthorized": Text("裝置憑證無效，請洽管理人員", "This device's token is not valid; ask the administrator"),
    "forbidden": Text("此裝置無權執行這個動作", "This device may not do that"),
    "not_found": Text("找不到", "Not found"),
    "conflict": Text("目前無法執行", "Not possible right now"),
    "closed": Text("本所目前未開放，無法取號", "The office is closed now: no tickets"),
    "invalid_request": Text("資料有誤", "Invalid request"),
    "internal": Text("叫號系統發生錯誤，已記錄", "The queue system had an error; it was logged"),
    "unavailable": Text("叫號系統忙碌中，請稍後再試", "The queue system is busy; try again shortly"),
}


def error_text(code: str | None) -> Text:
    """The message for an error code; an unknown code reads as "not possible right now"."""
    return ERRORS.get(code or "", ERRORS["conflict"])
