// Removes dist/ so that `npm pack` ships only what the current sources compile to.
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
