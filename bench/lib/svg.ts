/** A horizontal grouped bar chart as a standalone SVG document, written by hand (no dependencies). */

export interface ChartGroup {
  readonly label: string;
  /** One value per series, in series order; `undefined` leaves a gap (no result). */
  readonly values: readonly (number | undefined)[];
}

export interface Chart {
  readonly title: string;
  readonly subtitle: string;
  readonly unit: string;
  readonly series: readonly string[];
  readonly groups: readonly ChartGroup[];
}

const PALETTE = ["#d9480f", "#1864ab", "#2b8a3e", "#5f3dc4", "#e67700", "#0b7285", "#862e9c", "#495057"];

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const format = (value: number): string =>
  value >= 100 ? Math.round(value).toLocaleString("en-US") : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/** Each group gets its own scale, since cases differ by orders of magnitude. */
export function barChart(chart: Chart): string {
  const width = 760;
  const labelWidth = 150;
  const valueWidth = 90;
  const barArea = width - labelWidth - valueWidth - 20;
  const bar = 16;
  const gap = 4;
  const groupGap = 18;
  const top = 64;
  const parts: string[] = [];
  let y = top;
  for (const group of chart.groups) {
    const max = Math.max(0, ...group.values.map((v) => v ?? 0));
    parts.push(`<text x="10" y="${y + 12}" class="group">${escape(group.label)}</text>`);
    y += 20;
    chart.series.forEach((name, i) => {
      const value = group.values[i];
      const color = PALETTE[i % PALETTE.length] ?? "#495057";
      parts.push(`<text x="${labelWidth - 8}" y="${y + bar - 4}" class="label">${escape(name)}</text>`);
      if (value === undefined || !Number.isFinite(value)) {
        parts.push(`<text x="${labelWidth}" y="${y + bar - 4}" class="value">no result</text>`);
      } else {
        const w = max > 0 ? Math.max(1, (value / max) * barArea) : 1;
        parts.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${color}" rx="2"/>`);
        parts.push(`<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + bar - 4}" class="value">${format(value)}</text>`);
      }
      y += bar + gap;
    });
    y += groupGap;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    "<style>.title{font-size:18px;font-weight:600}.sub{font-size:12px;fill:#495057}.group{font-size:13px;font-weight:600}.label{font-size:12px;text-anchor:end}.value{font-size:12px;fill:#212529}</style>",
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="26" class="title">${escape(chart.title)}</text>`,
    `<text x="10" y="46" class="sub">${escape(chart.subtitle)} (${escape(chart.unit)}, higher is better)</text>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
