import { z } from "zod";
import { ChannelConfig, ChannelConfigEdit, QuietHours, createChannel, createRule, deleteChannel, deleteRule, listAlerts, listChannels, listDeliveries, listRules, loadChannelConfig, resolveAlertByHand, RuleFields, sendToChannel, noteRulesChanged, updateChannel, updateRule } from "@dockmaster/core";
import { runAfterCommit } from "../context";
import { globalProcedure } from "../procedures";
import { t } from "../trpc";
import { Id } from "./admin-inputs";

// Alerts span the fleet (a rule's scope names hosts and groups; an alert names its host), so both
// permissions are checked globally.

const ChannelName = z.string().trim().min(1, "name is empty").max(100, "name is at most 100 characters");
/**
 * `secretConfig` holds URLs with tokens in them (Slack, Discord, Teams), webhook secrets, SMTP
 * passwords: its name makes the audit trail redact it whole; it is sealed before it is stored and
 * never returned (channels come back as kind + a target without secrets).
 */
const ChannelInput = { name: ChannelName, secretConfig: ChannelConfig, quietHours: QuietHours.nullable().default(null) };
/** An edit: secret fields left out keep their stored values (the browser never has them to send back). */
const ChannelEditInput = { id: Id, name: ChannelName, secretConfig: ChannelConfigEdit, quietHours: QuietHours.nullable().default(null) };

export const alertsRouter = t.router({
  list: globalProcedure("alert.view", { status: z.enum(["open", "resolved", "all"]).default("open"), limit: z.number().int().min(1).max(500).default(100) }).query(({ ctx, input }) => listAlerts(ctx.db, input)),
  resolve: globalProcedure("alert.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const alert = await resolveAlertByHand(ctx.db, input.id, ctx.actor.username);
    ctx.auditNote.target = { type: "alert", id: alert.id, name: alert.subject || alert.kind };
    return alert;
  }),

  rules: globalProcedure("alert.view").query(({ ctx }) => listRules(ctx.db)),
  createRule: globalProcedure("alert.manage", RuleFields).mutation(async ({ ctx, input }) => {
    const rule = await createRule(ctx.db, input);
    runAfterCommit(ctx, noteRulesChanged);
    ctx.auditNote.target = { type: "alertRule", id: rule.id, name: rule.name };
    return rule;
  }),
  updateRule: globalProcedure("alert.manage", RuleFields.safeExtend({ id: Id }).strict()).mutation(async ({ ctx, input }) => {
    const { id, ...fields } = input;
    const rule = await updateRule(ctx.db, id, fields);
    runAfterCommit(ctx, noteRulesChanged);
    ctx.auditNote.target = { type: "alertRule", id: rule.id, name: rule.name };
    return rule;
  }),
  deleteRule: globalProcedure("alert.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const rule = await deleteRule(ctx.db, input.id);
    runAfterCommit(ctx, noteRulesChanged);
    ctx.auditNote.target = { type: "alertRule", id: rule.id, name: rule.name };
    return rule;
  }),

  channels: globalProcedure("alert.view").query(({ ctx }) => listChannels(ctx.db, ctx.secrets)),
  createChannel: globalProcedure("alert.manage", ChannelInput).mutation(async ({ ctx, input }) => {
    const channel = await createChannel(ctx.db, ctx.secrets, input.name, input.secretConfig, input.quietHours);
    ctx.auditNote.target = { type: "alertChannel", id: channel.id, name: `${channel.name} (${channel.kind})` };
    return channel;
  }),
  updateChannel: globalProcedure("alert.manage", ChannelEditInput).mutation(async ({ ctx, input }) => {
    const channel = await updateChannel(ctx.db, ctx.secrets, input.id, input.name, input.secretConfig, input.quietHours);
    ctx.auditNote.target = { type: "alertChannel", id: channel.id, name: `${channel.name} (${channel.kind})` };
    return channel;
  }),
  deleteChannel: globalProcedure("alert.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const channel = await deleteChannel(ctx.db, input.id);
    ctx.auditNote.target = { type: "alertChannel", id: channel.id, name: channel.name };
    return channel;
  }),
  /** Sends a test message now and answers with what the receiver said; kept in the channel's delivery log. */
  sendTest: globalProcedure("alert.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const config = await loadChannelConfig(ctx.db, ctx.secrets, input.id);
    ctx.auditNote.target = { type: "alertChannel", id: input.id, name: config.kind };
    const now = new Date().toISOString();
    const message = { event: "test" as const, alertId: null, kind: "test", title: "Dockmaster test message", text: `A test sent by ${ctx.actor.username}: this channel works.`, host: null, subject: "", count: 1, firstAt: now, lastAt: now };
    const row = await ctx.db.alertDelivery.create({ data: { channelId: input.id, event: "test", payload: JSON.stringify(message), status: "sending" } });
    const result = await sendToChannel(config, { ...message, deliveryId: row.id });
    await ctx.db.alertDelivery.update({ where: { id: row.id }, data: { status: result.ok ? "delivered" : "failed", attempts: 1, lastResponse: result.response, deliveredAt: result.ok ? new Date() : null } });
    return result;
  }),
  deliveries: globalProcedure("alert.view", { channelId: Id, limit: z.number().int().min(1).max(500).default(50) }).query(({ ctx, input }) => listDeliveries(ctx.db, input.channelId, input.limit)),
});
