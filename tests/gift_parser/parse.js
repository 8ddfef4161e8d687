// Reads GIFT on stdin with gift-pegjs, an independent parser, and prints its questions as JSON
// (or the parser's error, with exit code 1). Used by tests/test_export.py.
const { parse } = require("gift-pegjs");
let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (error) {
    process.stderr.write(String(error.message || error));
    process.exit(1);
  }
});
