//! The hire's course: the home page, lessons, quizzes and how long the training stays valid.

use super::Text;

texts! {
    HOME_TITLE: "あなたの研修" / "Your training";
    HOME_LEAD: "顧客の個人情報を扱う前に、次の3つを済ませてください。" / "Before you may handle customers' personal information, complete these three steps.";
    STEP_NDA: "秘密保持誓約書に署名する" / "Sign the confidentiality agreement";

    CERTIFICATION_VALID: "研修と誓約書はすべて完了しています。有効期限:" / "Your training and agreement are complete. Valid until";
    CERTIFICATION_EXPIRED: "研修と誓約書の有効期限が切れました" / "Your training and agreement have expired";
    CERTIFICATION_RENEW_HINT: "有効期限が近づいています。今から受け直すことができます。" / "The end is near: you can retake the training now.";
    CERTIFICATION_EXPIRED_HINT: "個人情報を扱い続けるには、研修と確認テストを受け直し、誓約書に改めて署名してください。これまでの記録は残ります。" / "To keep handling personal information, take the training and its quizzes again and sign the agreement again. Your earlier records are kept.";
    RESTART_TRAINING: "受講し直す" / "Retake the training";

    COURSE_PROGRESS: "合格した単元" / "Modules passed";
    MODULE_LOCKED: "未開放" / "Locked";
    MODULE_TODO: "未着手" / "To do";
    MODULE_IN_PROGRESS: "学習中" / "In progress";
    MODULE_PASSED: "合格" / "Passed";
    MODULE_FAILED: "不合格（ロック中）" / "Failed (locked)";
    MODULE_FAILED_HINT: "受験回数の上限に達しました。人事担当者に再受験の設定を依頼してください。" / "All attempts are used. Ask HR to reset this quiz.";
    LESSONS_READ: "読んだレッスン" / "Lessons read";
    STUDY: "学習する" / "Study";
    REVIEW: "復習する" / "Review";
    TAKE_QUIZ: "確認テストを受ける" / "Take the quiz";
    LESSON: "レッスン" / "Lesson";
    PREVIOUS_LESSON: "前のレッスン" / "Previous lesson";
    READ_NEXT: "読みました。次へ進む" / "I have read this. Next";
    READ_TO_QUIZ: "読みました。確認テストへ" / "I have read this. To the quiz";

    BACK_TO_COURSE: "研修の一覧へ戻る" / "Back to the course";
    QUIZ_TITLE: "確認テスト" / "Quiz";
    QUIZ_RULES: "問題は毎回ランダムに出題されます。合格点に届かなかった場合は、受験回数の上限まで受け直せます。" / "Questions are drawn at random each time. If you miss the pass mark, you may try again up to the attempt limit.";
    QUIZ_PASS_MARK: "合格点" / "Pass mark";
    QUIZ_ATTEMPT: "受験回数" / "Attempt";
    QUIZ_START: "確認テストを始める" / "Start the quiz";
    QUIZ_SUBMIT: "回答を提出する" / "Submit answers";
    QUIZ_CHOOSE_ONE: "1つ選んでください" / "Choose one";
    QUIZ_CHOOSE_ALL: "当てはまるものをすべて選んでください" / "Choose every answer that applies";
    QUIZ_QUESTION: "問" / "Question";
    QUIZ_SCORE: "得点" / "Score";
    QUIZ_PASSED: "合格です。次の単元に進めます。" / "You passed. The next module is open.";
    QUIZ_FAILED: "合格点に届きませんでした。解説を読んで、もう一度挑戦してください。" / "You did not reach the pass mark. Read the explanations and try again.";
    QUIZ_ATTEMPTS_LEFT: "残りの受験回数" / "Attempts left";
    QUIZ_RIGHT: "正解" / "Correct";
    QUIZ_WRONG: "不正解" / "Incorrect";
    QUIZ_YOUR_ANSWER: "あなたの回答" / "Your answer";
    QUIZ_CORRECT_ANSWER: "正しい答え" / "Right answer";
    QUIZ_EXPLANATION: "解説" / "Explanation";
    QUIZ_RETRY: "もう一度受ける" / "Try again";
}
