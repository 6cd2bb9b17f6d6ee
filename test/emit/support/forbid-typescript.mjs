// `node --import` this file to make the TypeScript compiler unloadable: any import or require of
// "typescript" throws. Used to prove that the plugin never loads it, for any target.
import Module, { register } from "node:module";

const forbidden = (specifier) => specifier === "typescript" || specifier.startsWith("typescript/");
const message = "the TypeScript compiler was loaded";

register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        if (specifier === "typescript" || specifier.startsWith("typescript/")) throw new Error(${JSON.stringify(message)} + ": " + specifier);
        return next(specifier, context);
      }`,
    ),
);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (forbidden(request)) throw new Error(`${message}: ${request}`);
  return resolveFilename.call(this, request, ...rest);
};
