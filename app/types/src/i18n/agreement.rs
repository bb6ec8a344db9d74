//! The confidentiality agreement: reading and signing it, the signed PDF, its verification.

use super::Text;

texts! {
    NDA_TITLE: "秘密保持誓約書" / "Confidentiality agreement";
    NDA_VERSION: "版" / "Version";
    NDA_ALREADY_SIGNED: "この版には署名済みです。" / "You have signed this version.";
    NDA_DOWNLOAD: "署名済みPDFをダウンロード" / "Download the signed PDF";
    NDA_RESIGN: "誓約書が改訂されました。新しい版を読んで、もう一度署名してください。" / "The agreement has been revised. Read the new version and sign it again.";
    NDA_READ_HINT: "全文を最後までスクロールして読むと、署名できるようになります。" / "Scroll through the whole text to the end; then you can sign.";
    NDA_READ_MORE: "まだ最後まで読んでいません。" / "You have not reached the end yet.";
    NDA_READ_DONE: "最後まで読みました。" / "You have read to the end.";
    NDA_CONSENTS: "確認事項（すべてにチェックしてください）" / "Confirm each statement";
    NDA_TYPED_NAME: "氏名（フルネーム）" / "Full name";
    NDA_TYPED_NAME_HINT: "登録されている氏名を入力してください:" / "Type your name as registered:";
    NDA_METHOD: "署名の方法" / "How to sign";
    NDA_METHOD_DRAWN: "手書きで署名する（マウス・指・ペン）" / "Draw my signature (mouse, finger or pen)";
    NDA_METHOD_TYPED: "入力した氏名で署名する（キーボードだけで操作する方）" / "Sign with my typed name (for keyboard-only use)";
    NDA_DRAW_HINT: "枠の中に署名してください。" / "Sign inside the box.";
    NDA_DRAW_LABEL: "署名欄" / "Signature box";
    NDA_CLEAR: "書き直す" / "Clear";
    NDA_SIGN: "同意して署名する" / "Agree and sign";
    NDA_SIGNED_TITLE: "署名が完了しました" / "Signed";
    NDA_SIGNED_LEAD: "誓約書への署名を記録し、電子的に封印しました。" / "Your signature is recorded and sealed.";
    NDA_CODE: "検証コード" / "Verification code";
    NDA_STATUS_NOT_SIGNED: "未署名" / "Not signed";
    NDA_STATUS_SIGNED: "署名済み" / "Signed";
    NDA_STATUS_RESIGN: "再署名が必要" / "Sign again";
    NDA_OPEN: "誓約書を読んで署名する" / "Read and sign the agreement";
    NDA_COPY: "署名済みPDF" / "Signed PDF";

    PDF_SIGNER: "署名者" / "Signer";
    PDF_TYPED_NAME: "入力された氏名" / "Typed name";
    PDF_SIGNED_AT: "署名日時" / "Signed at";
    PDF_SIGNATURE: "署名" / "Signature";
    PDF_TYPED_SIGNATURE: "入力した氏名による署名（手書きなし）" / "Signed with the typed name (no drawing)";
    PDF_EVIDENCE_TITLE: "署名の証拠" / "Evidence of signature";
    PDF_EVIDENCE_LEAD: "この記録は署名の時点でMamoruの署名鍵（Ed25519）により封印され、このPDFに埋め込まれています。検証ページにPDFをアップロードするか検証コードを入力すると、本物かどうか、改ざんされていないかを確かめられます。" / "This record was sealed with Mamoru's signing key (Ed25519) when the agreement was signed, and is embedded in this PDF. Upload the PDF or enter the verification code on the verification page to check that it is genuine and unaltered.";
    PDF_VERIFY_AT: "検証ページ" / "Verify at";
    PDF_AGREEMENT: "誓約書と版" / "Agreement and version";
    PDF_TEXT_HASH: "本文のSHA-256" / "SHA-256 of the text";
    PDF_METHOD: "署名の方法" / "Method";
    PDF_METHOD_DRAWN: "手書き" / "Drawn";
    PDF_METHOD_TYPED: "氏名の入力のみ" / "Typed name only";
    PDF_DRAWING_HASH: "手書き署名のSHA-256" / "SHA-256 of the drawing";
    PDF_IP: "IPアドレス" / "IP address";
    PDF_USER_AGENT: "ブラウザ" / "Browser";
    PDF_KEY_ID: "署名鍵" / "Signing key";
    PDF_SEAL: "封印（署名値）" / "Seal (signature)";

    VERIFY_NAV: "誓約書の検証" / "Verify an agreement";
    VERIFY_TITLE: "署名済み誓約書の検証" / "Verify a signed agreement";
    VERIFY_LEAD: "Mamoruで署名された誓約書が本物で、改ざんされていないかを確かめます。" / "Check that an agreement signed in Mamoru is genuine and unaltered.";
    VERIFY_BY_FILE: "PDFファイルで確かめる" / "Check a PDF file";
    VERIFY_FILE_LABEL: "署名済みPDF" / "Signed PDF";
    VERIFY_BY_CODE: "検証コードで確かめる" / "Check a verification code";
    VERIFY_CODE_LABEL: "検証コード（PDFに記載）" / "Verification code (printed on the PDF)";
    VERIFY_CHECK: "検証する" / "Verify";
    VERDICT_GENUINE: "本物です。改ざんされていません。" / "Genuine: this agreement has not been altered.";
    VERDICT_SIGNED_ON: "署名日" / "Signed on";
    VERDICT_SIGNER: "署名者" / "Signed by";
    VERDICT_ALTERED: "改ざんされています。" / "Altered.";
    VERDICT_ALTERED_HINT: "この文書は、署名された時点から変更されています。原本を発行元に確認してください。" / "This document has changed since it was signed. Ask the issuer for the original.";
    VERDICT_UNKNOWN: "確認できません。" / "Unknown.";
    VERDICT_UNKNOWN_HINT: "Mamoruで署名された誓約書ではないか、コードが正しくありません。" / "This is not an agreement signed in Mamoru, or the code is wrong.";
}
