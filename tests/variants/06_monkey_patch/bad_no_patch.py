"""fails: test_prints_as_the_sleeps_end test_takes_two_delays_not_three test_greenlets_see_dummy_threads

Forgot monkey.patch_all(): time.sleep blocks the whole thread, greenlets run one after another.
"""

import threading
import time

import gevent


def main(delay: float = 1.0) -> list[str]:
    """spawn 两个协程并等它们都结束，然后打印 主。
    eat：打印 eat food 1，time.sleep(2 * delay)，打印 eat food 2；
    play：打印 play 1，time.sleep(delay)，打印 play 2。
    输出：eat food 1、play 1、play 2、eat food 2、主，用时约 2*delay。
    返回两个协程里各自看到的 threading.current_thread().name（先 eat 后 play）。

    Spawn two greenlets, wait for both, then print 主.
    eat: prints eat food 1, time.sleep(2 * delay), prints eat food 2;
    play: prints play 1, time.sleep(delay), prints play 2.
    Output: eat food 1, play 1, play 2, eat food 2, 主, in about 2*delay.
    Return the threading.current_thread().name seen inside each greenlet (eat's, then play's).
    """
    names = []

    def eat() -> None:
        names.append(threading.current_thread().name)
        print('eat food 1')
        time.sleep(2 * delay)  # patched: yields to play instead of blocking the thread
        print('eat food 2')

    def play() -> None:
        names.append(threading.current_thread().name)
        print('play 1')
        time.sleep(delay)
        print('play 2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])
    print('主')
    return names
