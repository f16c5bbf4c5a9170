// The printable report's button: the browser's own print dialog (A4, see reports.css).
(function () {
  var button = document.getElementById("print-now");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
