// Live reload and the error overlay of `trellis serve`. The dev server adds this script to
// the pages it serves (never to `trellis build` output). It listens to the server's event
// stream: after a good rebuild it reloads the page, and while a rebuild is failing it shows
// the problems over the page, which keeps the last build that worked. Every text from the
// server goes in with textContent: messages quote the framework's files.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) {
    return;
  }
  var build = script.getAttribute("data-build");
  var overlay = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function addStyle() {
    if (document.getElementById("trellis-live-style")) {
      return;
    }
    var link = document.createElement("link");
    link.id = "trellis-live-style";
    link.rel = "stylesheet";
    link.href = script.getAttribute("data-style");
    document.head.appendChild(link);
  }

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function where(problem) {
    if (!problem.file) {
      return "";
    }
    var text = problem.file;
    if (problem.line) {
      text += ":" + problem.line + (problem.column ? ":" + problem.column : "");
    }
    return text;
  }

  function show(state) {
    addStyle();
    hide();
    var problems = state.problems || [];
    var errors = state.errors || problems.length;
    overlay = element("section", "trellis-live-overlay");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "trellis-live-title");
    var heading = element(
      "h2",
      "trellis-live-title",
      errors === 1 ? "The framework has an error" : "The framework has " + errors + " errors"
    );
    heading.id = "trellis-live-title";
    var close = element("button", "trellis-live-close", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    overlay.appendChild(heading);
    overlay.appendChild(
      element(
        "p",
        "trellis-live-note",
        build === "0"
          ? "Nothing could be built yet. Fix the file and save: this page reloads by itself."
          : "You are looking at the last build that worked. Fix the file and save: this goes away by itself."
      )
    );
    var list = element("ol", "trellis-live-problems");
    problems.forEach(function (problem) {
      var item = element("li", "trellis-live-problem trellis-live-" + problem.severity);
      var place = where(problem);
      if (place) {
        item.appendChild(element("p", "trellis-live-where", place));
      }
      var message = element("p", "trellis-live-message");
      message.appendChild(element("strong", null, problem.severity + "[" + problem.code + "]: "));
      message.appendChild(document.createTextNode(problem.message));
      item.appendChild(message);
      if (problem.help) {
        item.appendChild(element("p", "trellis-live-help", "help: " + problem.help));
      }
      if (problem.text) {
        item.appendChild(element("pre", "trellis-live-text", problem.text));
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  var source = new EventSource(script.getAttribute("data-events"));
  source.addEventListener("build", function (event) {
    var state;
    try {
      state = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    if (!state.ok) {
      show(state);
    } else if (String(state.build) !== build) {
      source.close();
      window.location.reload();
    } else {
      hide();
    }
  });
})();
