// The owner's dashboard: weekly charts drawn with the vendored Chart.js (/static/vendor), from the same
// weekly series `stats --json` prints (embedded in the page as JSON: the CSP allows no inline script).
(function () {
  "use strict";
  var source = document.getElementById("weekly-data");
  if (!source || typeof Chart === "undefined") {
    document.body.dataset.charts = source ? "unavailable" : "none";
    return;
  }
  var weeks = JSON.parse(source.textContent || "[]");
  var labels = weeks.map(function (w) {
    var parts = w.week.split("-");
    return parts[2] + "." + parts[1];
  });
  var column = function (key) {
    return weeks.map(function (w) { return w[key]; });
  };
  var common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { position: "bottom" } },
  };
  var rub = function (value) {
    return Number(value).toLocaleString("ru-RU") + " ₽";
  };

  new Chart(document.getElementById("chart-activity"), {
    type: "bar",
    data: {
      labels: labels,
      datasets: [
        { label: "Написали", data: column("touches"), backgroundColor: "#24292f" },
        { label: "Ответили", data: column("replies"), backgroundColor: "#d9480f" },
        { label: "Заказы после касания", data: column("orders"), backgroundColor: "#2f9e44" },
        { label: "Контроль (не писали)", data: column("control"), backgroundColor: "#adb5bd" },
      ],
    },
    options: Object.assign({}, common, {
      plugins: { legend: { position: "bottom" }, title: { display: true, text: "Касания, ответы, заказы" } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    }),
  });

  new Chart(document.getElementById("chart-revenue"), {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        { label: "Выручка после касания", data: column("revenue"), borderColor: "#2f9e44", backgroundColor: "#2f9e44", tension: 0.2 },
        { label: "Выручка контроля", data: column("control_revenue"), borderColor: "#868e96", backgroundColor: "#868e96", tension: 0.2 },
      ],
    },
    options: Object.assign({}, common, {
      plugins: {
        legend: { position: "bottom" },
        title: { display: true, text: "Выручка" },
        tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + rub(ctx.parsed.y); } } },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: rub } } },
    }),
  });

  new Chart(document.getElementById("chart-uplift"), {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        { label: "Прирост конверсии, п.п.", data: column("uplift_pp"), borderColor: "#1971c2", backgroundColor: "#1971c2", spanGaps: true, tension: 0.2 },
      ],
    },
    options: Object.assign({}, common, {
      plugins: { legend: { position: "bottom" }, title: { display: true, text: "Прирост конверсии к контролю" } },
    }),
  });
  document.body.dataset.charts = "ready";
})();
