// Filters of the bitexte review report: by rule and severity. Everything
// else is rendered on the server; this only hides and shows. No inline
// handlers, no network, so that a strict Content-Security-Policy holds.
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');
  var panel = doc.getElementById('filters');
  if (!panel) {
    return;
  }
  panel.hidden = false;

  var RANK = { note: 1, warning: 2, error: 3 };
  var NAMES = ['off', 'sev-note', 'sev-warning', 'sev-error'];
  var findings = Array.prototype.slice.call(doc.querySelectorAll('li.f'));
  var byId = new Map();
  var beadOf = findings.map(function (f) {
    byId.set(f.id, f);
    return f.closest('.bead');
  });
  var hitBeads = Array.prototype.slice.call(doc.querySelectorAll('.bead.hit'));
  var marks = Array.prototype.slice.call(doc.querySelectorAll('mark[data-f]'));
  var markFindings = marks.map(function (m) {
    return m.getAttribute('data-f').split(' ').map(function (id) {
      return byId.get(id);
    }).filter(Boolean);
  });
  var ruleBoxes = Array.prototype.slice.call(panel.querySelectorAll('input[data-rule]'));
  var sevBoxes = Array.prototype.slice.call(panel.querySelectorAll('input[data-sev]'));
  var onlyHits = doc.getElementById('only-hits');
  var status = doc.getElementById('filter-status');
  var printNote = doc.getElementById('print-filter');

  function checked(boxes, attr) {
    var set = new Set();
    boxes.forEach(function (b) {
      if (b.checked) {
        set.add(b.getAttribute(attr));
      }
    });
    return set;
  }

  function apply() {
    var rules = checked(ruleBoxes, 'data-rule');
    var sevs = checked(sevBoxes, 'data-sev');
    var lit = new Set();
    var shown = 0;
    findings.forEach(function (f, i) {
      var on = rules.has(f.getAttribute('data-rule')) && sevs.has(f.getAttribute('data-sev'));
      // Large projects have tens of thousands of findings: touch only what changes.
      if (f.hidden === on) {
        f.hidden = !on;
      }
      if (on) {
        shown += 1;
        if (beadOf[i]) {
          lit.add(beadOf[i]);
        }
      }
    });
    hitBeads.forEach(function (b) {
      var dim = !lit.has(b);
      if (b.classList.contains('dim') !== dim) {
        b.classList.toggle('dim', dim);
      }
    });
    marks.forEach(function (m, i) {
      var best = 0;
      markFindings[i].forEach(function (f) {
        if (!f.hidden) {
          best = Math.max(best, RANK[f.getAttribute('data-sev')] || 0);
        }
      });
      if (!m.classList.contains(NAMES[best])) {
        m.classList.remove('off', 'sev-note', 'sev-warning', 'sev-error');
        m.classList.add(NAMES[best]);
      }
    });
    doc.body.classList.toggle('only-hits', !!(onlyHits && onlyHits.checked));
    var text = 'Showing ' + shown + ' of ' + findings.length + ' findings';
    if (status) {
      status.textContent = text + '.';
    }
    if (printNote) {
      var filtered = shown < findings.length || (onlyHits && onlyHits.checked);
      printNote.hidden = !filtered;
      printNote.textContent = 'Filtered view: ' + text.toLowerCase() +
        (onlyHits && onlyHits.checked ? ', beads without them left out.' : '.');
    }
  }

  function setRules(pred) {
    ruleBoxes.forEach(function (b) {
      b.checked = pred(b.getAttribute('data-rule'));
    });
  }

  panel.addEventListener('change', apply);
  panel.addEventListener('click', function (e) {
    var button = e.target.closest('button[data-all]');
    if (button) {
      var all = button.getAttribute('data-all') === '1';
      setRules(function () {
        return all;
      });
      apply();
    }
  });

  // "only" buttons of the summary: show that rule alone, go to its first finding.
  doc.addEventListener('click', function (e) {
    var button = e.target.closest('button[data-only-rule]');
    if (!button) {
      return;
    }
    var rule = button.getAttribute('data-only-rule');
    setRules(function (r) {
      return r === rule;
    });
    sevBoxes.forEach(function (b) {
      b.checked = true;
    });
    apply();
    var first = findings.find(function (f) {
      return !f.hidden;
    });
    if (first) {
      first.scrollIntoView({ block: 'center' });
    }
  });

  // A link to a finding the filters hide shows its rule and severity again.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var f = id && byId.get(id);
    if (!f || !f.hidden) {
      return;
    }
    ruleBoxes.forEach(function (b) {
      if (b.getAttribute('data-rule') === f.getAttribute('data-rule')) {
        b.checked = true;
      }
    });
    sevBoxes.forEach(function (b) {
      if (b.getAttribute('data-sev') === f.getAttribute('data-sev')) {
        b.checked = true;
      }
    });
    apply();
    f.scrollIntoView({ block: 'center' });
  }
  window.addEventListener('hashchange', reveal);

  apply();
}());
