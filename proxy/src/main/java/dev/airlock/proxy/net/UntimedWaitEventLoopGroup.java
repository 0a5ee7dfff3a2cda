package dev.airlock.proxy.net;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * io_uring event loops that wait for I/O without a timer when none of their tasks is scheduled.
 *
 * <p>Netty's loop reports a deadline one second away when it has no scheduled task (its interval
 * for purging cancelled ones), and Netty's io_uring handler puts a timeout request on the ring
 * before every wait that has a deadline: under pgbench -S at one client, 25,000 timeouts in 3 s,
 * each armed and torn down in the kernel, 3.6 % of the event loop's CPU. A loop here reports no
 * deadline then ({@code -1}, which the io_uring handler takes as "wait for I/O only"). Nothing is
 * lost: a task cancelled on its loop leaves the queue at once, and scheduling or cancelling from
 * another thread goes through the loop's task queue, which wakes the loop.
 */
final class UntimedWaitEventLoopGroup extends MultiThreadIoEventLoopGroup {
    UntimedWaitEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlers) {
        super(threads, threadFactory, ioHandlers);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlers, Object... unused) {
        return new Loop(this, executor, ioHandlers);
    }

    private static final class Loop extends SingleThreadIoEventLoop {
        Loop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlers) {
            super(parent, executor, ioHandlers);
        }

        /** The next scheduled task's deadline, or -1 when there is none. */
        @Override
        protected long deadlineNanos() {
            return nextScheduledTaskDeadlineNanos();
        }
    }
}
