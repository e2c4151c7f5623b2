// Plays the book's static explorers (nnbook.explorers._player): it looks the chosen state
// up and pastes its precomputed frame together. It computes nothing: every pixel and every
// number comes from the book's Python code. No dependencies; works from file:// too.
// On the site a player's data sits in a file of its own (_ext/players.py), fetched with a
// plain <script> when the player comes near the window; in a notebook it is inline JSON.
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
  function startAll() {
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
