-- The language a user reads the shop's mails and notifications in (notification renders its templates with it).
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));
