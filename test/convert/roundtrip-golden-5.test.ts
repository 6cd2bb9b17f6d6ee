// Round trips over the golden fixtures, share 6 of 6 (see golden-suite.ts).
import { goldenSuite } from "./golden-suite.js";

goldenSuite(5, 6);
