// The installed package's own folders, found from this file (dist/src/cli/ in the package).
import { fileURLToPath } from "node:url";

/** The package root: the folder with package.json, bin/, dist/ and proto/. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The include folder for `crd/v1/options.proto` (`protoc -I`). */
export const PROTO_INCLUDE = fileURLToPath(new URL("../../../proto", import.meta.url));
