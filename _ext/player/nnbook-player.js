// Plays the book's static explorers (nnbook.explorers._player): it looks the chosen state
// up and pastes its precomputed frame together. It computes nothing: every pixel and every
// number comes from the book's Python code. No dependencies; works from file:// too.
// On the site a player's data sits in a file of its own (_ext/players.py), fetched with a
// plain <script> when the player comes near the window; in a notebook it is inline JSON.
// It also steps the step-through traces (nnbook.trace.html, [data-trace]): their data is
// inline JSON; a step shows the recorded values, it computes none.
(function () {
  "use strict";
  function load(src) {
    return new Promise(function (done, fail) {
      var im = new Image();
      im.onload = function () { done(im); };
      im.onerror = fail;
      im.src = src;
    });
  }
  function fetchData(root) {
    var tag = root.querySelector("script.nnbook-player-data"), src = tag.getAttribute("data-src");
    if (!src) { return Promise.resolve(JSON.parse(tag.textContent)); }
    return new Promise(function (done, fail) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { done(window.nnbookPlayers[tag.getAttribute("data-key")]); };
      s.onerror = fail;
      document.head.appendChild(s);
    });
  }
  function start(root) {
    fetchData(root).then(function (data) { play(root, data); });
  }
  function play(root, data) {
    root.nnbookData = data;
    var inputs = data.controls.map(function (c) {
      return root.querySelector('[data-control="' + c.name + '"]');
    });
    var readout = root.querySelector(".nnbook-player-readout");
    var img = root.querySelector("img.nnbook-player-frame");
    var canvas = document.createElement("canvas");
    canvas.width = data.width;
    canvas.height = data.height;
    canvas.className = "nnbook-player-frame";
    canvas.setAttribute("role", "img");
    var ctx = canvas.getContext("2d");
    var t = data.tile, across = Math.ceil(data.width / t);
    var keyframes, atlases, pastes = data.frames.map(function (f) {
      var bytes = Uint8Array.from(atob(f[1]), function (ch) { return ch.charCodeAt(0); });
      return data.wide ? new Uint32Array(bytes.buffer) : new Uint16Array(bytes.buffer);
    });

    function active(i) {
      var when = data.controls[i].when;
      return !when || (active(when[0]) && when[1].indexOf(+inputs[when[0]].value) >= 0);
    }
    function show() {
      var key = inputs.map(function (el, i) { return active(i) ? el.value : "*"; }).join(",");
      var state = data.states[key];
      if (!state) { return; }
      var frame = data.frames[state[0]], p = pastes[state[0]];
      ctx.drawImage(keyframes[frame[0]], 0, 0);
      for (var i = 0; i < p.length; i += 2) {
        var a = p[i] % data.perAtlas, atlas = atlases[Math.floor(p[i] / data.perAtlas)];
        ctx.drawImage(atlas, (a % data.columns) * t, Math.floor(a / data.columns) * t, t, t,
                      (p[i + 1] % across) * t, Math.floor(p[i + 1] / across) * t, t, t);
      }
      canvas.setAttribute("aria-label", data.alts[state[1]]);
      readout.innerHTML = data.readouts[state[1]];
      inputs.forEach(function (el, i) {
        el.disabled = !active(i);
        if (el.type === "range") {
          var label = data.controls[i].labels[+el.value];
          el.setAttribute("aria-valuetext", label);
          el.nextElementSibling.textContent = label;
        }
      });
      root.dispatchEvent(new CustomEvent("nnbook-frame", { detail: key }));
    }
    Promise.all([Promise.all(data.keyframes.map(load)), Promise.all(data.atlases.map(load))])
      .then(function (loaded) {
        keyframes = loaded[0];
        atlases = loaded[1];
        show();
        img.replaceWith(canvas);
        inputs.forEach(function (el) { el.addEventListener("input", show); });
        root.setAttribute("data-ready", "");
      });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function into(box, e) {  // scroll box (not the page) so that e is inside it
    var b = box.getBoundingClientRect(), r = e.getBoundingClientRect();
    if (r.top < b.top) { box.scrollTop -= b.top - r.top; }
    else if (r.bottom > b.bottom) { box.scrollTop += Math.min(r.bottom - b.bottom, r.top - b.top); }
  }
  function trace(root) {
    var data = JSON.parse(root.querySelector("script.nnbook-trace-data").textContent);
    var q = function (c) { return root.querySelector(".nnbook-trace-" + c); };
    var rows = root.querySelectorAll("[data-step]"), n = data.steps.length, cur = 0;
    var prev = q("prev"), next = q("next"), pane = q("state"), box = q("steps"), code = q("code");
    var ran = {};  // "code:line" -> the steps that ran it
    data.steps.forEach(function (s, i) { (ran[s.c + ":" + s.l] = ran[s.c + ":" + s.l] || []).push(i); });
    function note(s) {
      var k = s.k || "line";
      return k === "raise" ? "raised " + s.n : k === "return" ? "returns " + s.n
        : k === "call" ? "called " + data.codes[s.c].name : s.n;
    }
    function state(i) {  // the same elements as nnbook.trace.html.state_html
      var s = data.steps[i], out = [], body = el("tbody");
      out.push(el("p", "nnbook-trace-where", "Step " + (i + 1) + " of " + n + " \u00b7 " +
                  (s.c ? data.codes[s.c].name + " line " : "line ") + s.l));
      if (note(s)) { out.push(el("p", "nnbook-trace-note", note(s))); }
      for (var j = 0; j < s.v.length; j += 2) {
        var mark = (s.nw || []).indexOf(s.v[j]) >= 0 ? "new" : (s.ch || []).indexOf(s.v[j]) >= 0 ? "changed" : "";
        var tr = el("tr", mark && "nnbook-trace-" + mark), th = el("th", "", data.names[s.v[j]]);
        th.scope = "row";
        tr.append(th, el("td", "", data.texts[s.v[j + 1]]), el("td", "", mark));
        body.append(tr);
      }
      if (s.v.length) { out.push(el("table")); out[out.length - 1].append(body); }
      else { out.push(el("p", "nnbook-trace-note", "no variables yet")); }
      if (s.rm) {
        out.push(el("p", "nnbook-trace-note", "deleted: " + s.rm.map(function (k) { return data.names[k]; }).join(", ")));
      }
      return out;
    }
    function go(i, quiet) {  // quiet: at start-up the page already shows step 1 (not announced again)
      i = Math.max(0, Math.min(n - 1, i));
      var s = data.steps[i], focused = root.contains(document.activeElement) && document.activeElement.hasAttribute("data-step");
      rows[cur].removeAttribute("aria-current");
      rows[cur].tabIndex = -1;
      rows[i].setAttribute("aria-current", "step");
      rows[i].tabIndex = 0;
      root.querySelectorAll(".nnbook-trace-current").forEach(function (e) { e.classList.remove("nnbook-trace-current"); });
      var lit = root.querySelector('[data-code="' + s.c + '"] [data-line="' + s.l + '"]');
      if (lit) { lit.classList.add("nnbook-trace-current"); if (!quiet) { into(code, lit); } }
      if (!quiet) { pane.replaceChildren.apply(pane, state(i)); }
      q("counter").textContent = "step " + (i + 1) + " of " + n;
      prev.setAttribute("aria-disabled", i === 0);
      next.setAttribute("aria-disabled", i === n - 1);
      cur = i;
      if (focused) { rows[i].focus({ preventScroll: true }); }
      if (!quiet) { into(box, rows[i]); }  // at start-up the boxes show their tops: no layout read
      root.dispatchEvent(new CustomEvent("nnbook-step", { detail: i }));
    }
    root.addEventListener("click", function (e) {
      var row = e.target.closest("[data-step]"), line = e.target.closest("[data-line]");
      if (row) { go(+row.getAttribute("data-step")); }
      else if (line) {
        var steps = ran[line.parentNode.getAttribute("data-code") + ":" + line.getAttribute("data-line")];
        if (steps) { go(steps.filter(function (k) { return k > cur; })[0] || steps[0]); }
      }
    });
    root.addEventListener("keydown", function (e) {
      var onRow = e.target.hasAttribute("data-step");
      var to = { ArrowLeft: cur - 1, ArrowRight: cur + 1, Home: 0, End: n - 1 }[e.key];
      if (onRow && (e.key === "ArrowUp" || e.key === "ArrowDown")) { to = cur + (e.key === "ArrowUp" ? -1 : 1); }
      if (to === undefined || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
      e.preventDefault();
      go(to);
    });
    prev.addEventListener("click", function () { go(cur - 1); });
    next.addEventListener("click", function () { go(cur + 1); });
    prev.disabled = next.disabled = false;
    q("hint").hidden = false;
    go(0, true);
    root.setAttribute("data-ready", "");
  }
  function startAll() {
    document.querySelectorAll("[data-trace]").forEach(trace);
    var roots = document.querySelectorAll("[data-explorer]");
    if (!window.IntersectionObserver) { roots.forEach(start); return; }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { seen.unobserve(e.target); start(e.target); }
      });
    }, { rootMargin: "100% 0px" });
    roots.forEach(function (root) { seen.observe(root); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
