// Round trips over the golden fixtures, share 5 of 6 (see golden-suite.ts).
import { goldenSuite } from "./golden-suite.js";

goldenSuite(4, 6);
