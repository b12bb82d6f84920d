// The countdown shows the server's remaining time; at zero it hands in the paper. The server decides: a late
// request is submitted as a time-out with the answers saved in time.
(function () {
  var el = document.getElementById("countdown");
  var form = document.getElementById("paper");
  if (!el || !form) return;
  var end = Date.now() + parseInt(el.dataset.remaining, 10) * 1000;
  var sent = false;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    el.textContent = m + " 分 " + (s < 10 ? "0" : "") + s + " 秒";
    if (left <= 0 && !sent) { sent = true; form.submit(); return; }
    if (left > 0) setTimeout(tick, 500);
  }
  form.addEventListener("submit", function () { sent = true; });
  tick();
})();
