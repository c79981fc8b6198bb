/* The assessment form page: routing (show_if) and autosave of each answer as it is given.
 *
 * Progressive enhancement: without JavaScript the page is a normal form ("Save answers" posts
 * every answer). With it, each changed answer is posted on its own, with the record version, to
 * the autosave endpoint; the reply carries the new version and the progress. Answers that cannot
 * be sent (the session ended, the network is down) are kept in localStorage under the assessment
 * id and version, and sent when the user is back; nothing typed is lost. No inline script and no
 * eval: the routing rules come from a json_script block.
 */
(function () {
  "use strict";

  var form = document.getElementById("assessment-form");
  if (!form || !window.fetch) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var assessmentId = form.getAttribute("data-assessment");
  var versionInput = form.querySelector("[data-version]");
  var statusBox = document.getElementById("save-status");
  var sessionBox = document.getElementById("session-ended");
  var staleBox = document.getElementById("stale-version");
  var restoreBox = document.getElementById("restore-answers");
  var routingSource = document.getElementById("assessment-routing");
  var routing = routingSource ? JSON.parse(routingSource.textContent) : {};
  var PREFIX = "reintegra.assessment." + assessmentId + ".v";
  var RETRY_MS = 20000;

  var pending = {};      // item code -> value not yet saved (latest wins)
  var sending = false;
  var halted = null;     // "session" | "stale" while sending must wait
  var retryTimer = null;

  function msg(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function version() {
    return parseInt(versionInput.value, 10);
  }

  function setVersion(value) {
    versionInput.value = String(value);
  }

  function say(text) {
    if (statusBox) {
      statusBox.textContent = text;
    }
  }

  // --- reading answers and routing -------------------------------------------------------------

  function itemBox(code) {
    return form.querySelector('[data-item="' + code + '"]');
  }

  function valueOf(code) {
    var box = itemBox(code);
    if (!box) {
      return "";
    }
    if (box.getAttribute("data-type") === "choice") {
      var checked = box.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }
    var field = box.querySelector("input, textarea");
    return field ? field.value : "";
  }

  function setValue(code, value) {
    var box = itemBox(code);
    if (!box) {
      return;
    }
    if (box.getAttribute("data-type") === "choice") {
      box.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = radio.value === value;
      });
    } else {
      var field = box.querySelector("input, textarea");
      if (field) {
        field.value = value;
      }
    }
  }

  function shown(code, seen) {
    var rule = routing[code];
    if (!rule) {
      return true;
    }
    seen = seen || {};
    if (seen[code]) {
      return false;
    }
    seen[code] = true;
    // An item is shown only when the item it depends on is itself shown and answered to match.
    if (!shown(rule.item, seen)) {
      return false;
    }
    var answer = valueOf(rule.item);
    if (answer === "") {
      return false;
    }
    if (rule["in"]) {
      return rule["in"].indexOf(answer) !== -1;
    }
    var number = parseFloat(answer);
    if (isNaN(number)) {
      return false;
    }
    if (rule.min !== undefined && rule.min !== null && number < rule.min) {
      return false;
    }
    if (rule.max !== undefined && rule.max !== null && number > rule.max) {
      return false;
    }
    return true;
  }

  function applyRouting() {
    Object.keys(routing).forEach(function (code) {
      var box = itemBox(code);
      if (box) {
        box.hidden = !shown(code, {});
      }
    });
  }

  // --- progress ----------------------------------------------------------------------------------

  function showProgress(progress) {
    if (!progress) {
      return;
    }
    var all = Object.assign({ overall: progress.overall }, progress.sections || {});
    Object.keys(all).forEach(function (key) {
      var row = all[key];
      var bar = document.querySelector('[data-progress="' + key + '"]');
      var text = document.querySelector('[data-progress-text="' + key + '"]');
      if (bar) {
        bar.max = Math.max(row.total, 1);
        bar.value = row.done;
        bar.textContent = row.text;
      }
      if (text) {
        text.textContent = row.text;
      }
    });
  }

  // --- keeping unsent answers ----------------------------------------------------------------------

  function storageKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) {
          keys.push(key);
        }
      }
    } catch (error) { /* storage unavailable: answers stay on the page only */ }
    return keys;
  }

  function keep() {
    try {
      storageKeys().forEach(function (key) { window.localStorage.removeItem(key); });
      if (Object.keys(pending).length) {
        window.localStorage.setItem(PREFIX + version(), JSON.stringify(pending));
      }
    } catch (error) { /* storage full or unavailable */ }
  }

  function showItemError(code, text) {
    var box = itemBox(code);
    if (!box) {
      return;
    }
    var slot = box.querySelector("[data-item-error]");
    if (slot) {
      slot.textContent = text || "";
    }
    box.querySelectorAll("input, textarea").forEach(function (field) {
      field.classList.toggle("is-invalid", Boolean(text));
    });
  }

  // --- sending ---------------------------------------------------------------------------------------

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);  // the newest one: logging in again changes it
    }
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function sessionEnded() {
    halted = "session";
    keep();
    if (sessionBox) {
      sessionBox.hidden = false;
    }
    say(msg("pending") + " " + Object.keys(pending).length);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(resume, RETRY_MS);
  }

  function stale(text) {
    halted = "stale";
    keep();
    if (staleBox) {
      staleBox.textContent = text;
      staleBox.hidden = false;
    }
    say(msg("pending") + " " + Object.keys(pending).length);
  }

  function resume() {
    if (halted === "session") {
      halted = null;
      sendNext();
    }
  }

  function sendNext() {
    if (sending || halted) {
      return;
    }
    var codes = Object.keys(pending);
    if (!codes.length) {
      keep();
      say(msg("saved"));
      return;
    }
    var code = codes[0];
    var value = pending[code];
    var body = new URLSearchParams();
    body.set("item", code);
    body.set("value", value);
    body.set("version", String(version()));
    sending = true;
    say(msg("saving"));
    window.fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",  // an ended session answers with a redirect to the log-in page
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403
          || (response.status >= 300 && response.status < 400) || (response.ok && !json)) {
        return { session: true };
      }
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (reply) {
      sending = false;
      if (reply.session) {
        sessionEnded();
        return;
      }
      var data = reply.data || {};
      if (data.ok) {
        if (pending[code] === value) {
          delete pending[code];
        }
        setVersion(data.version);
        showItemError(code, "");
        showProgress(data.progress);
        if (sessionBox) {
          sessionBox.hidden = true;
        }
        keep();
        sendNext();
      } else if (data.error === "stale" || data.error === "locked") {
        stale(data.message);
      } else if (data.error === "invalid") {
        delete pending[code];  // the user must change it: keep it on the page, not in the queue
        showItemError(code, data.message);
        keep();
        say(data.message);
        sendNext();
      } else {
        keep();
        say(data.message || msg("error"));
      }
    }).catch(function () {
      // Network down: keep the answers and try again later, as after an ended session.
      sending = false;
      halted = "session";
      keep();
      say(msg("error"));
      clearTimeout(retryTimer);
      retryTimer = setTimeout(resume, RETRY_MS);
    });
  }

  function queue(code) {
    pending[code] = valueOf(code);
    keep();
    sendNext();
  }

  form.addEventListener("change", function (event) {
    var box = event.target.closest("[data-item]");
    if (!box) {
      return;
    }
    applyRouting();
    queue(box.getAttribute("data-item"));
  });

  // Coming back to the tab (after logging in again in another one) sends what is waiting.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      resume();
    }
  });
  window.addEventListener("focus", resume);
  window.addEventListener("online", resume);
  window.addEventListener("pagehide", keep);

  // A whole-page submit sends everything anyway: what waits in the queue goes with it.
  form.addEventListener("submit", function () {
    pending = {};
    keep();
  });

  // --- answers left from an earlier visit ------------------------------------------------------------

  function restore() {
    var found = storageKeys();
    if (!found.length) {
      return;
    }
    var key = found[found.length - 1];
    var saved = {};
    try {
      saved = JSON.parse(window.localStorage.getItem(key) || "{}");
    } catch (error) {
      return;
    }
    var apply = function () {
      Object.keys(saved).forEach(function (code) {
        setValue(code, saved[code]);
        pending[code] = saved[code];
      });
      applyRouting();
      keep();
      sendNext();
    };
    if (key === PREFIX + version()) {
      apply();  // nobody saved since: they simply go on
    } else if (restoreBox) {
      restoreBox.hidden = false;
      restoreBox.addEventListener("click", function (event) {
        var choice = event.target.getAttribute("data-restore");
        if (!choice) {
          return;
        }
        restoreBox.hidden = true;
        if (choice === "apply") {
          apply();
        } else {
          storageKeys().forEach(function (k) { window.localStorage.removeItem(k); });
        }
      });
    }
  }

  applyRouting();
  restore();
})();
