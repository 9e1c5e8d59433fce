/**
 * Child process of bench/csv-vs-pandas.ts: loads one file with scalelab's load() and prints JSON with the load
 * time (wall and CPU: the machine is shared, so CPU time is the steadier number) and the process's peak RSS (so
 * that the measurement is not polluted by the parent).
 *
 * @example
 * // node --import tsx bench/csv-load-child.ts /tmp/long.csv csv
 */
import { load } from '../src/load/index.js';

const [file, format] = process.argv.slice(2);
const c0 = process.cpuUsage();
const t0 = performance.now();
const rs = await load(file!, { format: format! });
const seconds = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ seconds, cpuSeconds: (c.user + c.system) / 1e6, points: rs.numPoints, runs: rs.runs.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
