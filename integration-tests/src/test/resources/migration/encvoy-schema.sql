-- Tables of an Encvoy ID database as the migration reads them (Prisma's quoted names; see the
-- shared reference "Encvoy data model"). Only the columns the migration uses, with Encvoy's types
-- and defaults.
CREATE TABLE "Client" (
  client_id text PRIMARY KEY,
  client_secret text NOT NULL,
  redirect_uris text[] NOT NULL DEFAULT '{}',
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  grant_types text[] NOT NULL DEFAULT '{authorization_code}',
  response_types text[] NOT NULL DEFAULT '{code}',
  token_endpoint_auth_method text NOT NULL DEFAULT 'client_secret_basic',
  introspection_endpoint_auth_method text NOT NULL DEFAULT 'client_secret_basic',
  revocation_endpoint_auth_method text NOT NULL DEFAULT 'client_secret_basic',
  application_type text NOT NULL DEFAULT 'web',
  subject_type text NOT NULL DEFAULT 'public',
  id_token_signed_response_alg text NOT NULL DEFAULT 'RS256',
  require_auth_time boolean NOT NULL DEFAULT false,
  require_signed_request_object boolean NOT NULL DEFAULT false,
  access_token_ttl integer NOT NULL DEFAULT 1800,
  refresh_token_ttl integer NOT NULL DEFAULT 86400,
  name text, description text, domain text, avatar text,
  parent_id text REFERENCES "Client"(client_id),
  authorize_only_admins boolean NOT NULL DEFAULT false,
  authorize_only_employees boolean NOT NULL DEFAULT false,
  required_providers_ids text[] NOT NULL DEFAULT '{}'
);
CREATE TABLE "User" (
  id serial PRIMARY KEY,
  sub text,
  login text UNIQUE,
  email text, email_verified boolean NOT NULL DEFAULT false,
  given_name text, family_name text, middle_name text, nickname text,
  birthdate timestamp(3),
  phone_number text UNIQUE, phone_number_verified boolean NOT NULL DEFAULT false,
  picture text,
  custom_fields jsonb,
  hashed_password text NOT NULL DEFAULT '',
  password_updated_at timestamp(3) NOT NULL DEFAULT now(),
  password_change_required boolean NOT NULL DEFAULT false,
  locale text,
  blocked boolean NOT NULL DEFAULT false,
  deleted timestamp(3),
  updated_at timestamp(3) NOT NULL DEFAULT now()
);
CREATE TABLE "Role" (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES "User"(id) ON DELETE CASCADE,
  client_id text NOT NULL REFERENCES "Client"(client_id) ON DELETE CASCADE,
  role text NOT NULL,
  UNIQUE (user_id, client_id)
);
CREATE TABLE "Scopes" (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES "User"(id) ON DELETE CASCADE,
  client_id text NOT NULL REFERENCES "Client"(client_id) ON DELETE CASCADE,
  scopes text NOT NULL,
  UNIQUE (user_id, client_id)
);
CREATE TABLE "Provider" (
  id serial PRIMARY KEY,
  type text NOT NULL,
  name text NOT NULL,
  params jsonb,
  client_id text REFERENCES "Client"(client_id) ON DELETE CASCADE,
  is_public boolean NOT NULL DEFAULT false
);
CREATE TABLE "ExternalAccount" (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES "User"(id) ON DELETE CASCADE,
  type text NOT NULL,
  sub text NOT NULL,
  issuer text,
  label text,
  rest_info jsonb,
  last_active_provider_id integer REFERENCES "Provider"(id) ON DELETE SET NULL
);
CREATE INDEX ON "ExternalAccount"(user_id);
CREATE INDEX ON "Role"(user_id);
