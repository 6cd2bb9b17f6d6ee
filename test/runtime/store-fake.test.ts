// The store suite against the in-memory fake API.
import { HealthEventStore } from "../../src/runtime/index.js";
import { FakeKubeApi } from "./fake-kube-api.js";
import { defineStoreSuite } from "./store-suite.js";

let n = 0;
defineStoreSuite(async () => {
  const api = new FakeKubeApi();
  const namespace = `ns-${++n}`;
  return { store: (options = {}) => new HealthEventStore({ namespace, api, ...options }) };
});
