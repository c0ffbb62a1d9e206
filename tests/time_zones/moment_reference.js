// Prints the expectations of tests/time_zones.rs from moment 2.17.1 and moment-timezone.
//
//   mkdir /tmp/tzref && cd /tmp/tzref && npm install moment@2.17.1 moment-timezone@0.5.48
//   NODE_PATH=/tmp/tzref/node_modules node tests/time_zones/moment_reference.js
//
// (0.5.48 carries tz-data 2025b, as chrono-tz 0.10.4 does; 0.5.11's 2016j prints the same for
// these 2026 instants.) Each line: zone, UTC instant, then the instant formatted in the zone with the formats below.
// The second block reads local wall-clock times in the zone (moment.tz(text, zone)), as
// date.add does after moving the local time: skipped times move forward, ambiguous ones take
// the first occurrence.
const moment = require("moment-timezone");
const FORMAT = "YYYY-MM-DDTHH:mm:ss.SSS Z|ZZ|x|X";
const INSTANTS = [
  ["America/New_York", "2026-01-15T17:00:00.250Z"], // January: EST
  ["America/New_York", "2026-07-01T12:00:00.000Z"], // July: EDT
  ["America/New_York", "2026-03-08T06:59:59.999Z"], // the last instant before spring-forward
  ["America/New_York", "2026-03-08T07:00:00.000Z"], // 02:00 EST is 03:00 EDT
  ["America/New_York", "2026-11-01T05:30:00.000Z"], // fall-back: 01:30 EDT ...
  ["America/New_York", "2026-11-01T06:30:00.000Z"], // ... and 01:30 EST an hour later
  ["Australia/Lord_Howe", "2026-01-15T00:00:00.000Z"], // +11 (daylight, half an hour)
  ["Australia/Lord_Howe", "2026-07-15T00:00:00.000Z"], // +10:30
  ["Australia/Lord_Howe", "2026-04-04T14:59:59.000Z"], // fall-back at 02:00 local
  ["Australia/Lord_Howe", "2026-04-04T15:00:00.000Z"],
  ["Asia/Kolkata", "2026-01-15T17:00:00.000Z"],
  ["Asia/Kolkata", "2026-07-01T12:00:00.000Z"],
];
const LOCALS = [
  ["America/New_York", "2026-03-08T02:30:00"], // skipped
  ["America/New_York", "2026-11-01T01:30:00"], // ambiguous
  ["Australia/Lord_Howe", "2026-10-04T02:15:00"], // skipped (half an hour)
  ["Australia/Lord_Howe", "2026-04-05T01:45:00"], // ambiguous (half an hour)
  ["Asia/Kolkata", "2026-03-08T02:30:00"],
];
console.log(`moment ${moment.version}, moment-timezone ${moment.tz.version} (data ${moment.tz.dataVersion})`);
for (const [zone, utc] of INSTANTS) {
  console.log(`${zone} ${utc} ${moment(utc).tz(zone).format(FORMAT)}`);
}
for (const [zone, local] of LOCALS) {
  const m = moment.tz(local, zone);
  console.log(`${zone} local ${local} = ${m.toISOString()} ${m.format(FORMAT)}`);
}
// date.add across the changes: the local wall-clock time moves by the amount and is read back
// in the zone as above, which is what a browser's Date (KDG's moment in local mode) does.
// moment-timezone's own add differs inside a gap (0.5.11 gives 01:30 EST for 02:30, 0.5.48
// prints an impossible 02:30-04:00), so it is not the reference there.
const add = (zone, utc, n, unit) => {
  const wall = moment(utc).tz(zone).format("YYYY-MM-DDTHH:mm:ss.SSS");
  return moment.tz(moment.utc(wall).add(n, unit).format("YYYY-MM-DDTHH:mm:ss.SSS"), zone);
};
for (const [zone, utc, n, unit] of [
  ["America/New_York", "2026-03-07T07:30:00.000Z", 1, "days"],
  ["America/New_York", "2026-03-07T12:00:00.000Z", 1, "days"],
  ["America/New_York", "2026-10-31T05:30:00.000Z", 1, "days"],
  ["America/New_York", "2026-02-08T07:30:00.000Z", 1, "months"],
  ["Australia/Lord_Howe", "2026-10-02T15:45:00.000Z", 1, "days"],
]) {
  console.log(`${zone} ${utc} add ${n} ${unit} = ${add(zone, utc, n, unit).format(FORMAT)}`);
}
const a = moment("2026-03-09T04:00:00.000Z").tz("America/New_York");
const b = moment("2026-03-08T05:00:00.000Z").tz("America/New_York");
console.log(`America/New_York diff days ${a.toISOString()} ${b.toISOString()} = ${a.diff(b, "days")}`);
