// The time-series chart: uPlot (org.webjars.npm:uplot, loaded as a classic script by index.html) as an area chart.

const HEIGHT = 280;

/** Draws [xs in seconds, ys] into box; returns the uPlot instance (setData, setSize, destroy). */
export function timeSeriesChart(box, label, data) {
  const options = {
    width: Math.max(320, box.clientWidth || 640),
    height: HEIGHT,
    tzDate: ts => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    legend: {show: true},
    cursor: {drag: {x: false, y: false}},
    scales: {x: {time: true}, y: {range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1]}},
    axes: [{}, {size: 70}],
    series: [
      {label: 'Time (UTC)'},
      {label, stroke: '#2f6fdf', width: 2, fill: 'rgba(47, 111, 223, 0.18)', points: {show: false}},
    ],
  };
  return new window.uPlot(options, data, box);
}
