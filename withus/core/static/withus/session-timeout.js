// Warn two minutes before the idle session ends, and let the person stay signed in (WCAG 2.2.1).
(function () {
  "use strict";
  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-session-idle-seconds"), 10);
  var dialog = document.getElementById("session-timeout");
  var script = document.currentScript;
  if (!idleSeconds || !dialog || !script || typeof dialog.showModal !== "function") {
    return;
  }
  var keepAliveUrl = script.getAttribute("data-keep-alive-url");
  var signInUrl = script.getAttribute("data-sign-in-url");
  var warningSeconds = Math.min(120, Math.floor(idleSeconds / 2));
  var countdown = dialog.querySelector("[data-session-countdown]");
  var warnTimer, endTimer, tickTimer, endsAt;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )(?:__Host-withus-csrf|csrftoken)=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function describe(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    countdown.textContent = describe(left);
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    clearInterval(tickTimer);
    endsAt = Date.now() + idleSeconds * 1000;
    warnTimer = setTimeout(function () {
      tick();
      tickTimer = setInterval(tick, 15000);
      dialog.showModal();
    }, (idleSeconds - warningSeconds) * 1000);
    endTimer = setTimeout(function () {
      window.location.href = signInUrl;
    }, idleSeconds * 1000);
  }

  dialog.querySelector("[data-session-keep-alive]").addEventListener("click", function () {
    fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.ok) {
        dialog.close();
        schedule();
      } else {
        window.location.href = signInUrl;
      }
    });
  });

  schedule();
})();
