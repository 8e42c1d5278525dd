import { stackTemplates, type StackTemplate } from "./format";

/**
 * The built-in catalogue, in Portainer's app-template format (v3) with the compose files embedded.
 * Small on purpose: common starting points; users point at their own catalogues for more.
 */
export const BUILTIN_CATALOGUE = {
  version: "3",
  templates: [
    {
      type: 3,
      title: "Nginx web server",
      description: "A static web server publishing port 8080 on the host.",
      categories: ["webserver"],
      platform: "linux",
      env: [{ name: "HTTP_PORT", label: "Host port", default: "8080" }],
      stackfileContent: `services:\n  web:\n    image: nginx:stable-alpine\n    restart: unless-stopped\n    ports:\n      - "\${HTTP_PORT:-8080}:80"\n    volumes:\n      - html:/usr/share/nginx/html:ro\nvolumes:\n  html:\n`,
    },
    {
      type: 3,
      title: "MariaDB",
      description: "A MariaDB 11 server with its data in a named volume.",
      categories: ["database"],
      platform: "linux",
      env: [
        { name: "MARIADB_USER", label: "User", default: "app" },
        { name: "MARIADB_PASSWORD", label: "Password", description: "Sealed at rest, never shown again" },
        { name: "MARIADB_DATABASE", label: "Database", default: "app" },
      ],
      stackfileContent: `services:\n  db:\n    image: mariadb:11\n    restart: unless-stopped\n    environment:\n      MARIADB_USER: \${MARIADB_USER:-app}\n      MARIADB_PASSWORD: \${MARIADB_PASSWORD:?set MARIADB_PASSWORD in the .env}\n      MARIADB_DATABASE: \${MARIADB_DATABASE:-app}\n      MARIADB_RANDOM_ROOT_PASSWORD: "1"\n    volumes:\n      - data:/var/lib/mysql\n    healthcheck:\n      test: ["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]\n      interval: 10s\n      retries: 5\nvolumes:\n  data:\n`,
    },
    {
      type: 3,
      title: "Redis",
      description: "A Redis cache with append-only persistence.",
      categories: ["database", "cache"],
      platform: "linux",
      stackfileContent: `services:\n  redis:\n    image: redis:7-alpine\n    restart: unless-stopped\n    command: ["redis-server", "--appendonly", "yes"]\n    volumes:\n      - data:/data\nvolumes:\n  data:\n`,
    },
    {
      type: 3,
      title: "WordPress with MariaDB",
      description: "WordPress behind port 8080, waiting for a healthy MariaDB.",
      categories: ["cms"],
      platform: "linux",
      env: [
        { name: "DB_PASSWORD", label: "Database password", description: "Sealed at rest" },
        { name: "HTTP_PORT", label: "Host port", default: "8080" },
      ],
      stackfileContent: `services:\n  db:\n    image: mariadb:11\n    restart: unless-stopped\n    environment:\n      MARIADB_DATABASE: wordpress\n      MARIADB_USER: wordpress\n      MARIADB_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD}\n      MARIADB_RANDOM_ROOT_PASSWORD: "1"\n    volumes:\n      - db:/var/lib/mysql\n    healthcheck:\n      test: ["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]\n      interval: 10s\n      retries: 5\n  wordpress:\n    image: wordpress:6\n    restart: unless-stopped\n    depends_on:\n      db:\n        condition: service_healthy\n    ports:\n      - "\${HTTP_PORT:-8080}:80"\n    environment:\n      WORDPRESS_DB_HOST: db\n      WORDPRESS_DB_USER: wordpress\n      WORDPRESS_DB_PASSWORD: \${DB_PASSWORD}\n      WORDPRESS_DB_NAME: wordpress\n    volumes:\n      - wp:/var/www/html\nvolumes:\n  db:\n  wp:\n`,
    },
    {
      type: 3,
      title: "Uptime Kuma",
      description: "A self-hosted uptime monitor on port 3001.",
      categories: ["monitoring"],
      platform: "linux",
      stackfileContent: `services:\n  kuma:\n    image: louislam/uptime-kuma:1\n    restart: unless-stopped\n    ports:\n      - "3001:3001"\n    volumes:\n      - data:/app/data\nvolumes:\n  data:\n`,
    },
  ],
};

export function builtinTemplates(): StackTemplate[] {
  return stackTemplates(BUILTIN_CATALOGUE, "builtin").templates;
}
