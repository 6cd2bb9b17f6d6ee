// Templates of deployment artifacts (templates/ at the package root, or the folder named by
// template_dir): plain YAML with named placeholders `${name}`. A placeholder that stands alone on its
// line takes a block of lines, each indented like the placeholder; anywhere else it takes one line of text.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A template that cannot be filled; `file`, `line` and `column` (1-based) say where, when known. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

/** Values for a template's placeholders: a string fills inline, an array of lines fills a block. */
export type TemplateValues = Record<string, string | readonly string[]>;

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;
const BLOCK_LINE = /^(\s*)\$\{([A-Za-z][A-Za-z0-9]*)\}\s*$/;

/** `file` is where the template was read from, for error locations. */
export function fillTemplate(templateName: string, text: string, values: TemplateValues, file = templateName): string {
  const lines: string[] = [];
  text.split("\n").forEach((line, index) => {
    const valueAt = (name: string, column: number) => {
      if (Object.hasOwn(values, name)) return values[name];
      const known = Object.keys(values).map((k) => `\${${k}}`).join(", ");
      throw new TemplateError(`template ${templateName} uses \${${name}}, which it does not have (it has: ${known})`, file, index + 1, column);
    };
    const block = BLOCK_LINE.exec(line);
    if (block) {
      const value = valueAt(block[2], block[1].length + 1);
      for (const item of typeof value === "string" ? [value] : value) lines.push(item === "" ? "" : block[1] + item);
      return;
    }
    lines.push(
      line.replace(PLACEHOLDER, (_, name: string, offset: number) => {
        const value = valueAt(name, offset + 1);
        if (typeof value !== "string") throw new TemplateError(`template ${templateName}: \${${name}} is a block of lines and must stand alone on its line`, file, index + 1, offset + 1);
        return value;
      }),
    );
  });
  return lines.join("\n");
}

/** Reads templates from the user's folder when it has the file, else from the plugin's own templates/. */
export class TemplateSource {
  private readonly cache = new Map<string, { text: string; file: string }>();

  constructor(private readonly userDir: string) {}

  /** The template's text and where it came from: the user's path as given (relative to the working directory), or the plugin's own. */
  read(name: string): { text: string; file: string } {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const userFile = this.userDir === "" ? undefined : join(this.userDir, name);
    const file = userFile !== undefined && existsSync(resolve(userFile)) ? userFile : join(packageTemplatesDir(), name);
    if (!existsSync(resolve(file))) throw new TemplateError(`template ${name} is missing from ${file}`);
    const template = { text: readFileSync(resolve(file), "utf8"), file };
    this.cache.set(name, template);
    return template;
  }

  fill(name: string, values: TemplateValues): string {
    const { text, file } = this.read(name);
    return fillTemplate(name, text, values, file);
  }
}

/** templates/ next to the package.json of the plugin (the same from src/ under tests and from dist/src/). */
function packageTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "templates"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new TemplateError("the plugin's templates/ folder is missing from its package");
    dir = parent;
  }
  return join(dir, "templates");
}
