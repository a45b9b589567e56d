"""The course: course.toml's topics and their files, what grading produces (the model), the quizzes'
data, a student's progress and our solution's recorded schedules. Nothing here grades or draws."""
