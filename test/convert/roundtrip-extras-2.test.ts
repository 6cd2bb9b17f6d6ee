// Round trips over test/fixtures/convert/extras, parameter set 3 of 3 (see extras-suite.ts).
import { EXTRAS_PARAMETERS, extrasSuite } from "./extras-suite.js";

extrasSuite(EXTRAS_PARAMETERS[2]);
