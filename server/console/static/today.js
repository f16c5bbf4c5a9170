// Today: the page's body again from the service after each event (server-sent events).
(function () {
  var box = document.getElementById("today"), live = document.getElementById("live");
  if (!window.EventSource) { setTimeout(function () { location.reload(); }, 30000); return; }
  var es = new EventSource("/console/today/live");
  es.onopen = function () { live.dataset.state = "live"; };
  es.onerror = function () { live.dataset.state = "lost"; };
  es.addEventListener("today", function (m) {
    box.innerHTML = m.data;  // rendered by the service's templates (escaped there)
    live.dataset.state = "live";
  });
})();
