// A target's trend (REPORT-2, reports/targets/detail.html): the monthly actuals against the
// target line, drawn with the vendored ECharts from the page's JSON (json_script). A file,
// not inline: the CSP allows scripts from /static/ only. Without it the table below stays.
(function () {
  "use strict";

  function number(value) {
    return value === null ? null : Number(value);
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var goal = Number(data.target);
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["实际", "目标"], top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: data.unit },
      series: [
        {
          name: "实际",
          type: "line",
          data: data.actual.map(number),
          symbolSize: 6,
          itemStyle: { color: "#0b57d0" },
        },
        {
          name: "目标",
          type: "line",
          data: data.months.map(function () {
            return goal;
          }),
          symbol: "none",
          lineStyle: { type: "dashed" },
          itemStyle: { color: "#b3261e" },
        },
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.echarts === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart='target-trend-data']").forEach(draw);
  });
})();
