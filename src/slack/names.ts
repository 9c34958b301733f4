/**
 * The names people type to reach the bot, as manifest.yml declares them: the slash command and the
 * bot user's handle. Every builder, hint, listener and test uses these, and tests/manifest.test.ts
 * checks them against the manifest, so renaming the app is one edit here plus one in manifest.yml.
 */

/** `features.slash_commands[0].command` in manifest.yml. */
export const SLASH_COMMAND = '/catalog';

/** `@` + `features.bot_user.display_name` in manifest.yml. */
export const BOT_HANDLE = '@catalog-bot';
