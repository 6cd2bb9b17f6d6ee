// @kubernetes/client-node 1.4 builds a new http(s).Agent for every request, so every request
// opens a new connection (and on a real cluster, a new TLS handshake). This gives a KubeConfig
// one keep-alive agent per distinct set of TLS options instead. It patches the instance (a
// private method of client-node's KubeConfig), which only changes how connections are pooled.
import * as http from "node:http";
import * as https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

type CreateAgent = (cluster: { server?: string; proxyUrl?: string } | null, options: Record<string, unknown>) => http.Agent;

const patched = new WeakSet<KubeConfig>();

export function reuseConnections(config: KubeConfig, maxSockets = 64): KubeConfig {
  if (patched.has(config)) return config;
  const target = config as unknown as { createAgent: CreateAgent };
  const original = target.createAgent.bind(config);
  const agents = new Map<string, http.Agent>();
  target.createAgent = (cluster, options) => {
    const created = original(cluster, options);
    if (cluster?.proxyUrl) return created;
    const key = JSON.stringify([cluster?.server, ...["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername"].map((k) => String(options[k] ?? ""))]);
    let agent = agents.get(key);
    if (agent === undefined) {
      const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
      agent = created instanceof https.Agent
        ? new https.Agent({ ...defined, keepAlive: true, maxSockets })
        : new http.Agent({ ...defined, keepAlive: true, maxSockets });
      agents.set(key, agent);
    }
    created.destroy();
    return agent;
  };
  patched.add(config);
  return config;
}
