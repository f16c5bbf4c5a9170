"""The kiosk's own texts (the words common to all apps are in shared.catalogue)."""

from __future__ import annotations

from shared.catalogue import BRING
from shared.i18n import Text

CHOOSE = Text("請選擇辦理項目，輕觸一下即可取號", "Touch what you came for to take a ticket")
CARE_WHO = Text("請先選擇適用的類別", "First choose which applies to you")
CARE_CHOOSE = Text("請選擇辦理項目，由愛心櫃台優先服務", "Choose what you came for · served first at the care counter")
BACK = Text("返回", "Back")
LANGUAGE = Text("English", "中文")          # the button names the language it switches to
WAITING = Text("目前等候：", "Waiting now: ")
WAITING_QUEUE = Text("{queue} {n} 人", "{queue} {n}")
PRINTER_DOWN = Text("印表機暫停出票，號碼會顯示在螢幕上，請記下",
                    "The printer is not printing: note your number from the screen")

YOUR_NUMBER = Text("您的號碼", "Your number")
GO_TO = Text("請至 {counter} 附近等候叫號", "Please wait near {counter} for your call")
GO_HALL = Text("請在等候區留意叫號螢幕", "Please wait in the hall and watch the display")
NEXT_UP = Text("下一位就是您", "You are next")
AHEAD = Text("前面還有 {ahead} 人", "{ahead} ahead of you")
AHEAD_RANGE = Text("前面還有 {ahead} 人・{range}", "{ahead} ahead of you · {range}")
AHEAD_WAIT = Text("前面還有 {ahead} 人・約 {minutes} 分鐘", "{ahead} ahead of you · about {minutes} min")
DOCUMENTS = BRING
PRINTING = Text("正在列印號碼牌…", "Printing your ticket…")
PRINTED = Text("請取走號碼牌", "Please take your ticket")
NOTE_NUMBER = Text("請記下您的號碼", "Please note your number")
CLERKS_TOLD = Text("已通知承辦人員", "The clerks have been told")
ALREADY_ISSUED = Text("您的號碼已取好", "Your ticket is already issued")
DONE = Text("完成", "Done")
HOME_IN = Text("{seconds} 秒後回到首頁", "Back to the start in {seconds} s")

ISSUING = Text("正在取號，請稍候", "Getting your ticket, please wait")
CONNECTING = Text("正在連線…", "Connecting…")
PAUSED = Text("暫停取號　請洽櫃台", "Tickets paused, please ask at a counter")
RECONNECTING = Text("正在重新連線，恢復後即可取號", "Reconnecting; tickets resume by themselves")
BAD_ANSWER = Text("叫號系統回覆有誤，請洽櫃台", "The queue system gave an unexpected answer; please ask at a counter")
NO_TICKET = Text("未能取號，請再試一次或洽櫃台", "No ticket was issued; try again or ask at a counter")

STAFF_TITLE = Text("管理人員", "Administrator")
LEAVE_FULL_SCREEN = Text("離開全螢幕", "Leave full screen")
FULL_SCREEN = Text("回到全螢幕", "Back to full screen")
STAFF_CLOSE = Text("回到取號畫面", "Back to the kiosk")
STAFF_QUIT = Text("結束取號程式", "Quit the kiosk")
STAFF_SERVICE = Text("叫號系統：{url}（{state}）", "Queue system: {url} ({state})")
STAFF_PRINTER = Text("印表機：{printer}（{state}）", "Printer: {printer} ({state})")
ONLINE = Text("已連線", "connected")
OFFLINE = Text("未連線", "not connected")
PRINTER_OK = Text("正常", "ready")
PRINTER_UNKNOWN = Text("尚未檢查", "not checked yet")
NOT_PRINTED = Text("未印出號碼：{numbers}", "Not printed: {numbers}")
PAPER_LOW = Text("取號機紙捲即將用完，請準備換紙", "The kiosk's paper roll is running low; get a new one ready")
