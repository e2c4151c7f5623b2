// Point require.js at the widget manager this site serves itself, so that the manager's
// icon fonts load from here rather than from a path relative to each page.
(function () {
  var here = document.currentScript.src;
  var base = here.substring(0, here.lastIndexOf("/") + 1);
  require.config({ paths: { "@jupyter-widgets/html-manager/dist": base + "vendor/html-manager" } });
})();
