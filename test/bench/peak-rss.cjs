// Preloaded into a plugin process by generate.mjs (`node --require`): writes the process's peak RSS (KB)
// to $PEAK_RSS_FILE when it exits.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
