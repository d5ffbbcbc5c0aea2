import { readdirSync } from "node:fs";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Which other features each feature may import. Everything else comes from the shared layers
 * (src/api, src/auth, src/components, src/lib); a piece two features need that neither should
 * own moves there. A feature missing here may import no other feature.
 */
const FEATURE_DEPENDENCIES = {
  account: ["auth", "mentoring"],
  analytics: [],
  admin: ["content", "mentoring", "mentors", "reviews"],
  auth: [],
  bookings: ["chat", "reviews"],
  chat: ["content", "media"],
  content: ["media"],
  courses: ["content", "editor", "workspace"],
  dashboard: ["analytics", "bookings", "courses", "mentoring", "progress"],
  editor: ["content"],
  earnings: ["bookings", "dashboard"],
  errors: [],
  forum: ["content", "editor", "media"],
  groups: ["bookings"],
  landing: ["mentors"],
  learn: ["analytics", "content", "courses", "progress"],
  media: [],
  mentoring: ["bookings", "editor", "groups", "mentors"],
  mentors: ["bookings", "content", "courses", "groups", "reviews"],
  notifications: [],
  previews: ["content"],
  progress: [],
  reviews: [],
  profile: ["analytics", "bookings", "courses", "progress"],
  search: ["media", "mentors"],
  workspace: ["content", "editor", "media"],
};

/** Fails the lint run when the allowed imports above would let features depend on each other in a loop. */
function assertAcyclic(graph) {
  const done = new Set();
  const visit = (name, path) => {
    if (path.includes(name)) throw new Error(`FEATURE_DEPENDENCIES has a cycle: ${[...path, name].join(" -> ")}`);
    if (done.has(name)) return;
    for (const next of graph[name] ?? []) visit(next, [...path, name]);
    done.add(name);
  };
  for (const name of Object.keys(graph)) visit(name, []);
}
assertAcyclic(FEATURE_DEPENDENCIES);

const featureZones = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => {
    const allowed = FEATURE_DEPENDENCIES[name] ?? [];
    return {
      target: `./src/features/${name}`,
      from: "./src/features",
      except: [name, ...allowed].map((dependency) => `./${dependency}`),
      message: `features/${name} may import only ${allowed.length ? allowed.join(", ") : "no other feature"} (FEATURE_DEPENDENCIES in eslint.config.js); move shared code to src/lib or src/components.`,
    };
  });

export default tseslint.config(
  { ignores: ["dist", "coverage", "node_modules", "src/api/schema.d.ts"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks, "react-refresh": reactRefresh, "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js"] })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            ...featureZones,
            { target: ["./src/api", "./src/lib"], from: "./src/features", message: "Shared code can't depend on a feature." },
          ],
        },
      ],
      ...reactHooks.configs.recommended.rules,
      "react-refresh/only-export-components": ["warn", { allowConstantExport: true }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      eqeqeq: ["error", "smart"],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    files: ["**/*.test.{ts,tsx}", "src/test/**"],
    rules: {
      // Tests render whole journeys through several features' pages.
      "import-x/no-restricted-paths": "off",
      "react-refresh/only-export-components": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
  {
    files: ["*.js", "scripts/**/*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
