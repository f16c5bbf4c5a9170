"""The counter client's fixed texts, Traditional Chinese and English."""

from __future__ import annotations

from shared.i18n import Texts

TEXTS = Texts({
    "counter": ("{n} 號櫃台", "Counter {n}"),
    "clerk": ("承辦人", "Clerk"),
    "connecting": ("正在連線到叫號服務…", "Connecting to the queue service…"),
    "disconnected": ("與叫號服務斷線，重新連線中…", "Disconnected from the queue service, reconnecting…"),
    "unauthorized": ("裝置憑證無效，請洽管理人員", "This device's token is not valid; ask the administrator"),
    "wrong_counter": ("此裝置憑證不是 {n} 號櫃台的，請洽管理人員",
                      "This device's token is not for counter {n}; ask the administrator"),
    "no_such_counter": ("事務所設定中沒有 {n} 號櫃台，請洽管理人員",
                        "The office has no counter {n}; ask the administrator"),
    "dismiss": ("關閉", "Dismiss"),

    "idle": ("目前沒有服務中的號碼", "No citizen at the counter"),
    "idle_hint": ("按 Enter 叫下一位", "Press Enter to call the next citizen"),
    "paused": ("暫停服務", "Paused"),
    "paused_hint": ("F7 恢復服務・Enter 恢復並叫下一位", "F7 resumes · Enter resumes and calls the next"),
    "waited": ("已等候 {m} 分鐘", "waited {m} min"),
    "recalled": ("已重呼 {n} 次", "recalled {n}×"),

    "waiting": ("等候人數", "Waiting"),
    "today": ("本櫃台今日", "This counter today"),
    "served": ("已服務", "Served"),
    "avg_service": ("平均服務", "Avg. service"),
    "no_shows": ("未到", "No-shows"),
    "minutes": ("{m} 分", "{m} min"),

    "next": ("下一位", "Next"),
    "recall": ("重呼", "Recall"),
    "no_show": ("未到", "No-show"),
    "complete": ("完成", "Complete"),
    "transfer": ("轉送", "Transfer"),
    "call": ("指定叫號", "Call no."),
    "pause": ("暫停", "Pause"),
    "resume": ("恢復服務", "Resume"),

    "working": ("處理中…", "Working…"),
    "did_next": ("已叫號 {number}", "Called {number}"),
    "did_next_none": ("目前無人等候", "Nobody is waiting"),
    "did_recall": ("已重呼 {number}", "Called {number} again"),
    "did_no_show": ("{number} 未到", "{number} did not come"),
    "did_complete": ("{number} 已完成", "{number} done"),
    "did_transfer": ("{number} 已轉送至 {target}", "{number} sent on to {target}"),
    "did_call": ("已叫號 {number}", "Called {number}"),
    "did_pause": ("已暫停服務", "Counter paused"),
    "did_resume": ("已恢復服務", "Counter open again"),
    "not_confirmed": ("服務未回覆，請先確認目前號碼再操作",
                      "The service did not answer; check the current ticket before trying again"),
    "not_now": ("目前無法操作：未連線", "Not possible now: not connected"),

    "transfer_title": ("轉送 {number}", "Transfer {number}"),
    "to_service": ("轉至其他業務", "To another service"),
    "to_counter": ("轉至指定櫃台", "To a counter"),
    "cancel": ("取消", "Cancel"),
    "call_title": ("指定叫號", "Call a number"),
    "call_hint": ("輸入號碼，例如 A005 或 C012", "Type a number, e.g. A005 or C012"),
    "call_invalid": ("號碼是一個字母加數字，例如 A005", "A number is a letter and digits, e.g. A005"),
    "call_prefix": ("沒有 {prefix} 開頭的號碼（可用 {known}）", "No numbers start with {prefix} (known: {known})"),
    "call_ok": ("叫號", "Call"),
    "pause_title": ("暫停服務", "Pause the counter"),
    "pause_note": ("目前的號碼會先完成", "The current ticket is completed first"),
    "reason_break": ("休息", "Break"),
    "reason_paperwork": ("處理文件", "Paperwork"),
    "reason_meeting": ("會議", "Meeting"),
    "reason_other": ("其他", "Other"),
    "reason_hint": ("請輸入原因", "Type the reason"),
    "pause_ok": ("暫停", "Pause"),
})


def other(lang: str) -> str:
    """The second language: English under Chinese, or Chinese under English."""
    return "en" if lang == "zh-TW" else "zh-TW"
