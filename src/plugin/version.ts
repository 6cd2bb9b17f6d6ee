export const PLUGIN_NAME = "protoc-gen-crd-ts";
export const PLUGIN_VERSION = "0.1.0";
