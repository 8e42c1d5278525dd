import { z } from "zod";
import { AppError, createRegistryCredential, deleteRegistryCredential, getHost, listRegistryCredentials, normalizeRegistryHost, registryLoginById, updateRegistryCredential } from "@dockmaster/core";
import { RegistryServerAddress } from "@dockmaster/protocol";
import { globalProcedure, HostId } from "../procedures";
import { t } from "../trpc";
import { Id, Name } from "./admin-inputs";

// Credentials are global: registry.manage is checked globally, whatever host a test runs from
// (a host-scoped admin must not send a stored credential to an engine they control).

const Fields = {
  name: Name,
  serverAddress: RegistryServerAddress,
  username: z.string().trim().min(1, "username is empty").max(256),
  // Audit parameters redact it (the key says "password"); it is sealed before it is stored.
  password: z.string().min(1, "password is empty").max(4096),
};

/** An open registry (pulls and pushes without a login) has neither; a login needs both. */
const BOTH_OR_NEITHER = "give both a username and a password, or neither (an open registry)";
const CreateInput = z
  .strictObject({ name: Fields.name, serverAddress: Fields.serverAddress, username: Fields.username.optional(), password: Fields.password.optional() })
  .refine((i) => (i.username === undefined) === (i.password === undefined), { message: BOTH_OR_NEITHER, path: ["password"] });
/** Omitted fields stay; `username: ""` drops the login (the registry becomes open). */
const UpdateInput = z.strictObject({ id: Id, ...z.object(Fields).partial().shape, username: z.union([z.literal(""), Fields.username]).optional() });

/** A stored credential (id), or one being entered (address, username, password) before saving. */
const TestInput = z.strictObject({
  hostId: HostId,
  id: Id.optional(),
  serverAddress: Fields.serverAddress.optional(),
  username: Fields.username.optional(),
  password: Fields.password.optional(),
}).refine((i) => i.id !== undefined || (i.serverAddress && i.username && i.password), { message: "give a stored credential's id, or serverAddress, username and password", path: ["id"] });

export const registriesRouter = t.router({
  /** Never returns the password, not even sealed. */
  list: globalProcedure("registry.manage").query(({ ctx }) => listRegistryCredentials(ctx.db)),
  create: globalProcedure("registry.manage", CreateInput).mutation(async ({ ctx, input }) => {
    const row = await createRegistryCredential(ctx.db, ctx.secrets, input, ctx.actor.id);
    ctx.auditNote.target = { type: "registry", id: row.id, name: row.name };
    return row;
  }),
  /** Omitted fields stay; the password changes only when a new one is given. */
  update: globalProcedure("registry.manage", UpdateInput).mutation(async ({ ctx, input }) => {
    const { id, ...patch } = input;
    const row = await updateRegistryCredential(ctx.db, ctx.secrets, id, patch);
    ctx.auditNote.target = { type: "registry", id: row.id, name: row.name };
    return row;
  }),
  delete: globalProcedure("registry.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const row = await deleteRegistryCredential(ctx.db, input.id);
    ctx.auditNote.target = { type: "registry", id: row.id, name: row.name };
    return row;
  }),
  /** Logs in to the registry from a host's engine (POST /auth): proves the credentials work from there. */
  test: globalProcedure("registry.manage", TestInput, { engine: true }).mutation(async ({ ctx, input }) => {
    await getHost(ctx.db, input.hostId);
    const auth = input.id
      ? await registryLoginById(ctx.db, ctx.secrets, input.id)
      : { username: input.username!, password: input.password!, serveraddress: input.serverAddress! };
    ctx.auditNote.target = { type: "registry", id: input.id, name: normalizeRegistryHost(auth.serveraddress) };
    try {
      return await ctx.hub.request(input.hostId, "registry.checkAuth", { auth });
    } catch (error) {
      if (error instanceof AppError && error.code === "BAD_GATEWAY") throw new AppError("BAD_GATEWAY", `login to ${auth.serveraddress} failed: ${error.message}`);
      throw error;
    }
  }),
});
