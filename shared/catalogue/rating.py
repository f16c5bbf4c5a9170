"""The rating pad's own texts (滿意度評分器, the citizen-facing screen at a counter).

Read by a citizen, often an elderly one, in a few seconds: short, polite, no system words.
The words common to all apps are in shared.catalogue."""

from __future__ import annotations

from shared.i18n import Text

WELCOME = Text("歡迎光臨", "Welcome")

QUESTION = Text("您對本次服務滿意嗎？", "Are you satisfied with our service?")
SERVED = Text("{number} 辦理完成", "{number} done")
TOUCH = Text("請輕觸表情", "Touch a face")

# The five answers by score: 5 is the best. The keys 1–5 give the same scores.
CHOICES: dict[int, Text] = {
    5: Text("非常滿意", "Very satisfied"),
    4: Text("滿意", "Satisfied"),
    3: Text("普通", "Neutral"),
    2: Text("不滿意", "Unsatisfied"),
    1: Text("非常不滿意", "Very unsatisfied"),
}

REASONS_TITLE = Text("請問哪裡需要改進？", "What should we improve?")
REASONS_HINT = Text("可選多項，也可略過", "Choose any, or skip")
# The office survey's items, by the service's reason ids (shared.hall.RATING_REASONS).
REASONS: dict[str, Text] = {
    "waiting_time": Text("等候時間", "Waiting time"),
    "attitude": Text("服務態度", "Staff attitude"),
    "efficiency": Text("辦理效率", "Efficiency"),
    "professionalism": Text("專業程度", "Professionalism"),
    "process": Text("作業流程", "Process"),
    "facilities": Text("環境設施", "Facilities"),
    "signage": Text("指示標誌", "Signage"),
    "other": Text("其他", "Other"),
}
SEND = Text("送出", "Send")
SKIP = Text("略過", "Skip")

THANKS = Text("謝謝您的寶貴意見", "Thank you for your feedback")
NEXT_STEPS = Text("{service}之後，您可以接著辦理：", "After {service}, what comes next:")

OFFLINE = Text("暫時離線，稍後自動恢復", "Offline for a moment; back by itself")

# What only the administrator can fix (seen on the idle screen, small).
NOT_A_PAD = Text("此裝置憑證不是評分器用的，請洽管理人員",
                 "This device's token is not a rating pad's; ask the administrator")
WRONG_COUNTER = Text("此裝置憑證不是 {n} 號櫃台的，請洽管理人員",
                     "This device's token is not for counter {n}; ask the administrator")
NO_SUCH_COUNTER = Text("事務所設定中沒有 {n} 號櫃台，請洽管理人員",
                       "The office has no counter {n}; ask the administrator")
