/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SAGASHOP_CURRENCY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
