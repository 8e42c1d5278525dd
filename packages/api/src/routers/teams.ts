import { z } from "zod";
import { createTeam, deleteTeam, listTeams, setMembership } from "@dockmaster/core";
import { globalProcedure } from "../procedures";
import { t } from "../trpc";
import { Id, Name } from "./admin-inputs";


export const teamsRouter = t.router({
  list: globalProcedure("team.manage").query(({ ctx }) => listTeams(ctx.db)),
  create: globalProcedure("team.manage", { name: Name, description: z.string().max(500).default("") }).mutation(async ({ ctx, input }) => {
    const team = await createTeam(ctx.db, input.name, input.description);
    ctx.auditNote.target = { type: "team", id: team.id, name: team.name };
    return team;
  }),
  delete: globalProcedure("team.manage", { teamId: Id }).mutation(async ({ ctx, input }) => {
    const team = await deleteTeam(ctx.db, input.teamId);
    ctx.auditNote.target = { type: "team", id: team.id, name: team.name };
    ctx.notify.accessChanged();
    return team;
  }),
  setMember: globalProcedure("team.manage", { teamId: Id, userId: Id, member: z.boolean() }).mutation(async ({ ctx, input }) => {
    const { team, user } = await setMembership(ctx.db, input.teamId, input.userId, input.member);
    ctx.auditNote.target = { type: "team", id: team.id, name: `${team.name} ${input.member ? "+" : "-"} ${user.username}` };
    ctx.notify.accessChanged();
    return { ok: true as const };
  }),
});
