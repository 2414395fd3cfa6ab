// Pickers (issue #10): a text box with data-picker="<JSON endpoint>" becomes a Tom Select
// that asks the server as the person types (part of a name, a USCC or pinyin initials) and
// offers at most 20 rows of their scope with where each sits. Picking one posts its id;
// text typed and not picked is posted as typed (the field accepts an exact name or code),
// which is also what the box does without JavaScript. A file, not inline: the CSP allows
// scripts from /static/ only.
(function () {
  "use strict";

  function where(item) {
    return [item.parent, item.code].filter(Boolean).join(" · ");
  }

  function fetchRows(url, query, callback) {
    var sep = url.indexOf("?") === -1 ? "?" : "&";
    fetch(url + sep + "q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        callback(data.results || []);
      })
      .catch(function () {
        callback();
      });
  }

  function enhance(input) {
    if (input.tomselect || typeof window.TomSelect === "undefined") {
      return;
    }
    var url = input.getAttribute("data-picker");
    var value = input.value;
    new window.TomSelect(input, {
      maxItems: 1,
      valueField: "id",
      labelField: "name",
      searchField: [],
      options: value ? [{ id: value, name: value }] : [],
      items: value ? [value] : [],
      create: true,
      createOnBlur: true,
      persist: false,
      loadThrottle: 250,
      preload: false,
      // As for the short lists below: once a row is picked the box lets go of the focus, or
      // on a phone its taller focused box moves the form's button between press and release.
      onItemAdd: function () {
        this.blur();
      },
      // the server matches and ranks (initials do not match the name here): show its rows
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function (query) {
        return query.length >= 1;
      },
      load: function (query, callback) {
        this.clearOptions();
        fetchRows(url, query, callback);
      },
      render: {
        option: function (item, escape) {
          var extra = where(item);
          return (
            '<div class="picker-option"><span>' + escape(item.name) + "</span>" +
            (extra ? "<small>" + escape(extra) + "</small>" : "") + "</div>"
          );
        },
        item: function (item, escape) {
          return "<div>" + escape(item.name) + "</div>";
        },
        option_create: function (data, escape) {
          return '<div class="create">按“' + escape(data.input) + "”查找（全称或信用代码）</div>";
        },
        no_results: function () {
          return '<div class="no-results">没有找到，请换个关键词</div>';
        },
        loading: function () {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>';
        },
      },
    });
  }

  // A short list (towns, stations, lawyers) stays a <select>, searched in the page.
  function searchable(select) {
    if (select.tomselect || typeof window.TomSelect === "undefined") {
      return;
    }
    new window.TomSelect(select, {
      allowEmptyOption: true,
      maxOptions: null,
      // One choice made, the control lets go of the focus: on a phone the focus came back
      // and reopened the list, and the next tap (on the form's button) only closed it.
      onItemAdd: function () {
        if (this.settings.mode === "single") {
          this.blur();
        }
      },
      render: {
        no_results: function () {
          return '<div class="no-results">没有找到，请换个关键词</div>';
        },
      },
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("input[data-picker]").forEach(enhance);
    (root || document).querySelectorAll("select[data-searchable]").forEach(searchable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    scan(document);
  });
  // rows htmx swaps in may carry pickers too
  document.addEventListener("htmx:load", function (event) {
    scan(event.target);
  });
})();
