// The statistics pages' charts (issue #13) on the vendored ECharts: an element with
// data-chart="<id>" is drawn from the JSON the page carries in <script id="<id>"
// type="application/json"> (json_script; the CSP allows no inline script). Two kinds:
// "trend" (a flow's months as bars and its running total as a line, a stock's month ends
// or a rate's months as a line, a target across) and "bars" (one bar per organization;
// clicking one opens its page), also in content htmx swaps in (the home page's figures).
// Buttons with data-chart-for="<element id>" and data-set="<n>" switch a "bars" chart
// between its sets. Charts follow their box's width.
(function () {
  "use strict";

  var BRAND = "#b3261e";
  var BLUE = "#0b57d0";

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function text(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    var shown = Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
    return unit === "%" ? shown + "%" : shown + " " + unit;
  }

  function running(values) {
    var sum = 0;
    return values.map(function (v) {
      sum += v || 0;
      return Math.round(sum * 100) / 100;
    });
  }

  function targetLine(d) {
    if (d.target === null || d.target === undefined) {
      return undefined;
    }
    return {
      symbol: "none",
      silent: true,
      lineStyle: { color: "#e8590c", type: "dashed" },
      label: { formatter: d.target_label, position: "insideEndTop" },
      data: [{ yAxis: d.target }],
    };
  }

  function trend(d) {
    var flow = d.kind === "flow";
    var series = [];
    if (flow) {
      series.push({ name: "当月", type: "bar", data: d.values, itemStyle: { color: BLUE } });
      series.push({
        name: "累计",
        type: "line",
        yAxisIndex: 1,
        data: running(d.values),
        itemStyle: { color: BRAND },
        markLine: targetLine(d),
      });
    } else {
      series.push({
        name: d.title,
        type: "line",
        data: d.values,
        connectNulls: false,
        itemStyle: { color: BRAND },
        markLine: targetLine(d),
      });
    }
    var axis = {
      type: "value",
      min: 0,
      max: d.unit === "%" ? 100 : undefined,
      axisLabel: { formatter: d.unit === "%" ? "{value}%" : "{value}" },
    };
    return {
      tooltip: {
        trigger: "axis",
        valueFormatter: function (v) {
          return text(v, d.unit);
        },
      },
      legend: flow ? { data: ["当月", "累计"], top: 0 } : undefined,
      grid: { left: 8, right: 8, top: flow ? 32 : 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.labels },
      yAxis: flow ? [axis, { type: "value", min: 0, splitLine: { show: false } }] : [axis],
      series: series,
    };
  }

  function bars(set, width) {
    var labelWidth = Math.max(90, Math.min(170, Math.round(width * 0.38)));
    // the first name at the top, as in the table
    var labels = set.labels.slice().reverse();
    var values = set.values.slice().reverse();
    return {
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (v) {
          return text(v, set.unit);
        },
      },
      grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true }, // room for the labels
      xAxis: { type: "value", min: 0, max: set.unit === "%" ? 100 : undefined },
      yAxis: {
        type: "category",
        data: labels,
        // names wrap to two lines (a town's unions share a long prefix: 广州市番禺区…)
        axisLabel: { width: labelWidth, overflow: "breakAll", lineHeight: 12, fontSize: 11 },
        triggerEvent: true,
      },
      series: [
        {
          name: set.title,
          type: "bar",
          data: values,
          itemStyle: { color: BRAND },
          cursor: "pointer",
          label: {
            show: true,
            position: "right",
            formatter: function (p) {
              return text(p.value, set.unit);
            },
          },
        },
      ],
    };
  }

  function mount(el) {
    if (el.getAttribute("data-ready") || typeof window.echarts === "undefined") {
      return;
    }
    var d = read(el.getAttribute("data-chart"));
    if (!d) {
      return;
    }
    var chart = window.echarts.init(el);
    var current = 0;

    function draw() {
      chart.setOption(d.type === "trend" ? trend(d) : bars(d.sets[current], el.clientWidth), true);
    }

    function urlAt(params) {
      if (d.type !== "bars") {
        return "";
      }
      var urls = d.sets[current].urls || [];
      var labels = d.sets[current].labels;
      // a bar (dataIndex, reversed) or a name on the axis (its value)
      var at = params.componentType === "yAxis" ? labels.indexOf(params.value) : labels.length - 1 - params.dataIndex;
      return urls[at] || "";
    }

    chart.on("click", function (params) {
      var url = urlAt(params);
      if (url) {
        window.location.href = url;
      }
    });
    draw();
    document.querySelectorAll('[data-chart-for="' + el.id + '"]').forEach(function (button) {
      button.addEventListener("click", function () {
        current = Number(button.getAttribute("data-set")) || 0;
        document.querySelectorAll('[data-chart-for="' + el.id + '"]').forEach(function (b) {
          var on = b === button;
          b.classList.toggle("active", on);
          b.setAttribute("aria-pressed", on ? "true" : "false");
        });
        draw();
      });
    });
    if (typeof window.ResizeObserver !== "undefined") {
      new window.ResizeObserver(function () {
        chart.resize();
      }).observe(el);
    } else {
      window.addEventListener("resize", function () {
        chart.resize();
      });
    }
    el.setAttribute("data-ready", "1");
  }

  function scan(root) {
    if (root.matches && root.matches("[data-chart]")) {
      mount(root);
    }
    root.querySelectorAll("[data-chart]").forEach(mount);
  }

  document.addEventListener("DOMContentLoaded", function () {
    scan(document);
  });
  // the home page's figures come after the page (htmx)
  document.addEventListener("htmx:load", function (event) {
    scan(event.target);
  });
})();
