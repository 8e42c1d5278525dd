-- AlterTable
CREATE SEQUENCE auditevent_seq_seq;
ALTER TABLE "AuditEvent" ALTER COLUMN "seq" SET DEFAULT nextval('auditevent_seq_seq'),
ALTER COLUMN "time" SET DEFAULT CURRENT_TIMESTAMP;
ALTER SEQUENCE auditevent_seq_seq OWNED BY "AuditEvent"."seq";
