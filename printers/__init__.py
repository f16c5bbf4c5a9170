"""Ticket printers: draw a queue ticket and send it to an ESC/POS printer.

    printer = open_printer("serial:/dev/ttyUSB0?baudrate=9600")
    printer.print_ticket(office, ticket, ahead=3, wait_minutes=15)

Every failure is a PrinterError with a zh-TW/en message and what a clerk should do.
"""

from .errors import PrinterError
from .layout import render_ticket
from .printer import TicketPrinter, open_printer
from .status import PrinterStatus

__all__ = ["PrinterError", "PrinterStatus", "TicketPrinter", "open_printer", "render_ticket"]
