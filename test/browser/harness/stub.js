// The stand-in for VS Code's side of the webview in the browser tests: acquireVsCodeApi (state in
// sessionStorage, so a reload keeps it, as VS Code's panel serializer does), a log of what the
// page posts, CSP violations, and a fake host that answers expandGroup and scrub from a fixture's
// recorded groupViews and stepViews.
// Loaded with the page's nonce before dist/webview.js.
(function () {
  'use strict';
  window.__posted = [];
  window.__violations = [];
  window.__groupViews = {};
  window.__stepViews = {};
  /** What the fake host answers to 'gradcheck' (a test sets it), by node id or 'all'. */
  window.__gradchecks = {};
  window.__hostDelayMs = 30;
  document.addEventListener('securitypolicyviolation', function (e) {
    window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });

  /** JSON fixtures store NaN and ±Infinity as { nonFinite: "NaN" }: numbers again. */
  function numbers(value) {
    if (Array.isArray(value)) return value.map(numbers);
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'nonFinite') return Number(value.nonFinite);
      const out = {};
      for (const k of keys) out[k] = numbers(value[k]);
      return out;
    }
    return value;
  }

  /** Typed arrays become plain arrays in JSON fixtures: turn loss/metric columns back. */
  function revive(message) {
    message = numbers(message);
    if ((message.type === 'loss' || message.type === 'metric') && message.event) {
      for (const key of ['steps', 'values', 'times']) {
        if (Array.isArray(message.event[key])) message.event[key] = Float64Array.from(message.event[key]);
      }
    }
    return message;
  }

  /** Delivers a host message as VS Code does: a MessageEvent on window. */
  window.__deliver = function (message) {
    message = revive(message);
    window.__deliveredAt = performance.now();
    window.postMessage(message, '*');
  };

  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: function (message) {
        window.__posted.push(JSON.parse(JSON.stringify(message)));
        if (message.type === 'whatIf') {
          const view = window.__whatIf ? numbers(window.__whatIf(message.values)) : null;
          setTimeout(function () { window.__deliver({ type: 'whatIfView', runId: message.runId, serial: message.serial, view: view }); }, window.__hostDelayMs);
        }
        if (message.type === 'gradcheck') {
          const answer = window.__gradchecks[message.nodeId === null ? 'all' : message.nodeId] || null;
          setTimeout(function () { window.__deliver({ type: 'gradcheckResult', runId: message.runId, nodeId: message.nodeId, answer: answer }); }, window.__hostDelayMs);
        }
        if (message.type === 'scrub') {
          const recorded = window.__stepViews[message.step];
          setTimeout(function () { window.__deliver({ type: 'stepView', runId: message.runId, step: message.step, view: recorded ? numbers(recorded) : null }); }, window.__hostDelayMs);
        }
        if (message.type === 'expandGroup') {
          const view = window.__groupViews[message.group] && numbers(window.__groupViews[message.group]);
          if (view) setTimeout(function () { window.__deliver({ type: 'groupView', runId: message.runId, group: message.group, view: view }); }, window.__hostDelayMs);
        }
      },
      getState: function () {
        const saved = sessionStorage.getItem('gradlens-state');
        return saved ? JSON.parse(saved) : undefined;
      },
      setState: function (state) {
        sessionStorage.setItem('gradlens-state', JSON.stringify(state));
        return state;
      },
    };
  };
})();
