"""The counter window's own texts (the words common to all apps are in shared.catalogue)."""

from __future__ import annotations

from shared.catalogue import NO_SHOW, RECALL
from shared.i18n import Text

WRONG_COUNTER = Text("此裝置憑證不是 {n} 號櫃台的，請洽管理人員",
                     "This device's token is not for counter {n}; ask the administrator")
NOT_A_COUNTER = Text("此裝置憑證不是櫃台用的，請洽管理人員",
                     "This device's token is not a counter's; ask the administrator")
NO_SUCH_COUNTER = Text("事務所設定中沒有 {n} 號櫃台，請洽管理人員", "The office has no counter {n}; ask the administrator")

IDLE = Text("目前沒有服務中的號碼", "No citizen at the counter")
IDLE_HINT = Text("按 Enter 叫下一位", "Press Enter to call the next citizen")
PAUSED_HINT = Text("按 F7 恢復服務", "Press F7 to open the counter again")
WAITED = Text("已等候 {m} 分鐘", "waited {m} min")
SERVING = Text("服務中 {m} 分鐘", "at the counter {m} min")
RECALLED = Text("已重叫 {n} 次", "recalled {n}×")

TODAY = Text("本櫃台今日", "This counter today")
SERVED = Text("已服務", "Served")
AVERAGE = Text("平均服務", "Avg. service")
SATISFIED = Text("滿意度", "Satisfied")
SATISFIED_VALUE = Text("{share}%（{n} 則）", "{share}% ({n})")
NEXT_STEPS = Text("接續辦理：", "What comes next: ")

ACTIONS = {
    "next": Text("下一位", "Next"),
    "recall": RECALL,
    "no_show": NO_SHOW,
    "undo_no_show": Text("復原 {number}", "Undo no-show {number}"),
    "complete": Text("完成", "Complete"),
    "transfer": Text("轉送", "Transfer"),
    "call": Text("指定叫號", "Call no."),
    "pause": Text("暫停", "Pause"),
    "resume": Text("恢復服務", "Resume"),
}

WORKING = Text("處理中…", "Working…")
DONE = {
    "next": Text("已叫號 {number}", "Called {number}"),
    "call": Text("已叫號 {number}", "Called {number}"),
    "undo_no_show": Text("已復原 {number}，再次呼叫", "{number} is back and called again"),
    "recall": Text("已重叫 {number}", "Called {number} again"),
    "no_show": Text("{number} 過號", "{number} did not come"),
    "complete": Text("{number} 已完成", "{number} done"),
    "transfer": Text("{number} 已轉送至 {target}", "{number} sent on to {target}"),
    "pause": Text("已暫停服務", "Counter paused"),
    "resume": Text("已恢復服務", "Counter open again"),
}
NOBODY_WAITING = Text("目前無人等候", "Nobody is waiting")
NOT_CONFIRMED = Text("叫號系統未回覆，請先確認目前號碼再操作",
                     "The queue system did not answer; check the current ticket before trying again")

TRANSFER_TITLE = Text("轉送 {number}", "Transfer {number}")
TO_SERVICE = Text("轉至其他業務", "To another service")
TO_COUNTER = Text("轉至指定櫃台", "To a counter")
CALL_TITLE = Text("指定叫號", "Call a number")
CALL_HINT = Text("輸入號碼，例如 A005 或 C012", "Type a number, e.g. A005 or C012")
CALL_INVALID = Text("號碼是一個字母加數字，例如 A005", "A number is a letter and digits, e.g. A005")
CALL_PREFIX = Text("沒有 {prefix} 開頭的號碼（可用 {known}）", "No numbers start with {prefix} (known: {known})")
CALL_OK = Text("叫號", "Call")
PAUSE_TITLE = Text("暫停服務", "Pause the counter")
PAUSE_NOTE = Text("目前的號碼會先完成", "The current ticket is completed first")
REASONS = (Text("休息", "Break"), Text("處理文件", "Paperwork"), Text("會議", "Meeting"), Text("其他", "Other"))
REASON_HINT = Text("請輸入原因", "Type the reason")
PAUSE_OK = Text("暫停", "Pause")
UPCOMING = Text("等候中（預估等候）", "Waiting (estimated wait)")
