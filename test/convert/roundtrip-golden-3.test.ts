// Round trips over the golden fixtures, share 4 of 6 (see golden-suite.ts).
import { goldenSuite } from "./golden-suite.js";

goldenSuite(3, 6);
